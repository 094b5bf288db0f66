using DrService.Configuration;

namespace DrService.Runbooks.Catalog;

/// <summary>The runbook ids an application's configuration names (<c>Recovery:FailoverRunbook</c>...), if any.</summary>
internal static class ApplicationRunbooks
{
    public static string? Configured(ApplicationOptions app, RunbookPurpose purpose) => purpose switch
    {
        RunbookPurpose.Failover => app.Recovery.FailoverRunbook,
        RunbookPurpose.Failback => app.Recovery.FailbackRunbook,
        _ => app.Recovery.DrillRunbook,
    };

    /// <summary><c>Recovery:DrillSchedule</c>, a Quartz cron expression, or null.</summary>
    public static string? DrillSchedule(ApplicationOptions app) => app.Recovery.DrillSchedule;
}
