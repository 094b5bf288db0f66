namespace DrService.Configuration;

/// <summary>The <c>Schedule</c> of one application.</summary>
public sealed class ApplicationScheduleOptions
{
    /// <summary>Quartz cron expression of the backup cycle; null falls back to <c>DrService:Schedules:Backup</c>.</summary>
    public string? Backup { get; set; }

    /// <summary>The backup cron expression that applies: this application's own, or the global one.</summary>
    public string BackupOr(SchedulesOptions global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return string.IsNullOrWhiteSpace(Backup) ? global.Backup : Backup;
    }
}
