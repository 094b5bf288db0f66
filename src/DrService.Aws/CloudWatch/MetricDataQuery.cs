namespace DrService.Aws.CloudWatch;

/// <summary>A statistic of one metric over periods of <see cref="Period"/> seconds (Average, Maximum, p99...).</summary>
public sealed record MetricStat(Metric Metric, int Period, string Stat)
{
    public string? Unit { get; init; }
}

/// <summary>
/// One query of a GetMetricData call: either <see cref="MetricStat"/> or <see cref="Expression"/>. <see cref="Id"/>
/// must start with a lower-case letter and hold only letters, digits and underscores; unique within the call.
/// </summary>
public sealed record MetricDataQuery(string Id)
{
    public MetricStat? MetricStat { get; init; }

    public string? Expression { get; init; }

    public string? Label { get; init; }

    /// <summary>False for intermediate results used only by expressions.</summary>
    public bool? ReturnData { get; init; }

    /// <summary>The period of an expression's result (seconds).</summary>
    public int? Period { get; init; }

    public static MetricDataQuery ForMetric(string id, MetricStat stat) => new(id) { MetricStat = stat };
}

public static class ScanBy
{
    public const string TimestampDescending = "TimestampDescending";
    public const string TimestampAscending = "TimestampAscending";
}

/// <summary>A GetMetricData call: up to 500 queries per AWS call (the client splits more).</summary>
public sealed record MetricDataRequest(IReadOnlyList<MetricDataQuery> Queries, DateTimeOffset StartTime, DateTimeOffset EndTime)
{
    /// <summary><see cref="CloudWatch.ScanBy"/>; null = the service default (TimestampDescending).</summary>
    public string? ScanBy { get; init; }

    public int? MaxDatapoints { get; init; }
}

/// <summary>One point of a series.</summary>
public readonly record struct MetricPoint(DateTimeOffset Timestamp, double Value);

/// <summary>
/// The series of one query, merged over every page. <see cref="StatusCode"/>: Complete, PartialData (more data than
/// the call could return), InternalError or Forbidden; <see cref="Messages"/> explain the latter.
/// </summary>
public sealed record MetricDataResult(string Id, string? Label, IReadOnlyList<MetricPoint> Points, string StatusCode)
{
    public const string Complete = "Complete";

    public IReadOnlyList<MetricMessage> Messages { get; init; } = [];

    /// <summary>The point with the newest timestamp, whatever the scan order.</summary>
    public MetricPoint? Latest => Points.Count == 0 ? null : Points.MaxBy(p => p.Timestamp);
}

public sealed record MetricMessage(string Code, string Value);

/// <summary>
/// "The newest value of one metric for many resources": <see cref="DimensionName"/> takes each resource's value.
/// ReplicaLag of RDS replicas: <c>new("AWS/RDS", "ReplicaLag", "DBInstanceIdentifier")</c>.
/// </summary>
public sealed record MetricSeries(string Namespace, string MetricName, string DimensionName)
{
    public string Stat { get; init; } = "Average";

    public int Period { get; init; } = 60;

    public static MetricSeries RdsReplicaLag { get; } = new("AWS/RDS", "ReplicaLag", "DBInstanceIdentifier");

    /// <summary>
    /// Route 53's own verdict on a health check, 1 healthy / 0 unhealthy, per minute; published only in us-east-1
    /// (<see cref="Route53MetricsRegion"/>). Minimum: one unhealthy minute-sample makes the minute unhealthy.
    /// </summary>
    public static MetricSeries Route53HealthCheckStatus { get; } = new("AWS/Route53", "HealthCheckStatus", "HealthCheckId") { Stat = "Minimum" };

    /// <summary>Where CloudWatch holds the AWS/Route53 health-check metrics.</summary>
    public const string Route53MetricsRegion = "us-east-1";
}
