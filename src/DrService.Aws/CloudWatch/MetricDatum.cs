namespace DrService.Aws.CloudWatch;

/// <summary>
/// One datum of PutMetricData: a single <see cref="Value"/>, or <see cref="Values"/> with optional matching
/// <see cref="Counts"/>. <see cref="StorageResolution"/> 1 = high resolution, 60 (default) = standard.
/// </summary>
public sealed record MetricDatum(string MetricName)
{
    public IReadOnlyList<MetricDimension> Dimensions { get; init; } = [];

    public DateTimeOffset? Timestamp { get; init; }

    public double? Value { get; init; }

    public IReadOnlyList<double> Values { get; init; } = [];

    public IReadOnlyList<double> Counts { get; init; } = [];

    /// <summary>Seconds, Count, Percent, Bytes... (AWS StandardUnit names).</summary>
    public string? Unit { get; init; }

    public int? StorageResolution { get; init; }
}
