namespace DrService.Alerts;

/// <summary>Alert logs: EventIds 4500-4599 (engine 450x, deliveries 451x).</summary>
public sealed partial class AlertEngine
{
    private void LogChange(AlertChange change)
    {
        var alert = change.Alert;
        if (change.Event == AlertEvent.Resolve)
        {
            LogResolved(logger, alert.Key, alert.DedupKey, change.Why);
        }
        else
        {
            LogTriggered(logger, alert.Key, alert.DedupKey, alert.Severity.ToString(), change.Why);
        }
    }

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Alert {AlertKey} ({DedupKey}) triggered as {Severity}: {Why}")]
    private static partial void LogTriggered(ILogger logger, string alertKey, string dedupKey, string severity, string why);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Alert {AlertKey} ({DedupKey}) resolved: {Why}")]
    private static partial void LogResolved(ILogger logger, string alertKey, string dedupKey, string why);
}
