namespace DrService.Alerts;

public enum AlertState
{
    Firing,
    Resolved,
}

/// <summary>
/// One alert: raised when its condition has been bad for the configured number of observations, resolved when it has
/// been good as long. At most one firing alert per <see cref="Key"/> (<c>{application}/{subject}/{type}</c>); the
/// PagerDuty dedup key is <see cref="DedupKey"/>.
/// </summary>
public sealed class AlertRecord
{
    public long Id { get; set; }

    public required string Key { get; set; }

    /// <summary><see cref="Key"/> plus the raise time: unique; the same for the trigger and the resolve of one alert.</summary>
    public required string DedupKey { get; set; }

    public required string Application { get; set; }

    public required string Subject { get; set; }

    public required string ConditionType { get; set; }

    public Monitoring.ConditionSeverity Severity { get; set; }

    public AlertState State { get; set; }

    public required string Summary { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

public enum AlertEvent
{
    Trigger,
    Resolve,
}

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One notification of one alert event to one channel, retried with backoff until delivered or out of attempts.</summary>
public sealed class AlertDeliveryRecord
{
    public long Id { get; set; }

    public long AlertId { get; set; }

    public required string Channel { get; set; }

    public AlertEvent Event { get; set; }

    public DeliveryState State { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
