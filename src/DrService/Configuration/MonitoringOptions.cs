using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary><c>DrService:Monitoring</c>: the replication watch, DNS checks and alerts, shared by all applications.</summary>
public sealed class MonitoringOptions
{
    /// <summary>How far back CloudWatch metrics (ReplicaLag, S3 replication metrics) are read; the newest point counts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "must be between 00:01:00 and 1.00:00:00")]
    public TimeSpan MetricLookback { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A lag at this fraction of the RPO raises "at risk" before the RPO is breached.</summary>
    [Range(0.1, 1.0, ErrorMessage = "must be between 0.1 and 1.0")]
    public double AtRiskFraction { get; set; } = 0.8;

    public AlertsOptions Alerts { get; set; } = new();
}

public sealed class AlertsOptions
{
    /// <summary>Named channels; every alert goes to every channel.</summary>
    public Dictionary<string, AlertChannelOptions> Channels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Consecutive bad observations before an alert fires (hysteresis).</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int RaiseAfter { get; set; } = 2;

    /// <summary>Consecutive good observations before a firing alert resolves.</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int ResolveAfter { get; set; } = 2;
}

public enum AlertChannelType
{
    Webhook,
    Slack,
    PagerDuty,
}

/// <summary>One alert channel. Its URL and routing key are secrets: set them through environment variables, never in the file.</summary>
public sealed class AlertChannelOptions
{
    public AlertChannelType Type { get; set; } = AlertChannelType.Webhook;

    /// <summary>Webhook or Slack incoming-webhook URL; PagerDuty: the Events API v2 endpoint (default https://events.pagerduty.com/v2/enqueue).</summary>
    public Uri? Url { get; set; }

    /// <summary>PagerDuty integration (routing) key.</summary>
    public string? RoutingKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "must be between 00:00:01 and 00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delivery attempts (with backoff) before a notification is recorded as failed.</summary>
    [Range(1, 20, ErrorMessage = "must be between 1 and 20")]
    public int MaxAttempts { get; set; } = 5;
}
