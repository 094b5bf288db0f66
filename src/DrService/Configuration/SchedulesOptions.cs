using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>The <c>DrService:Schedules</c> section: Quartz cron expressions (seconds first) and their time zone.</summary>
public sealed class SchedulesOptions
{
    /// <summary>Default backup cycle of applications that set no <c>Schedule:Backup</c> of their own.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Backup { get; set; } = "0 0 * * * ?";

    /// <summary>Replication, RPO and DNS monitoring.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Monitoring { get; set; } = "0 0/1 * * * ?";

    /// <summary>Retention sweep (deletes expired copies DrService owns).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Retention { get; set; } = "0 30 * * * ?";

    /// <summary>Time zone id (IANA, such as <c>UTC</c> or <c>Europe/Paris</c>) the cron expressions are read in.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>After downtime, a missed fire is run once if it is at most this old; older fires are skipped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromMinutes(10);
}
