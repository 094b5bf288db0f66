namespace DrService.Aws.CloudWatch;

public sealed record MetricDimension(string Name, string Value);

/// <summary>A metric: namespace (<c>AWS/RDS</c>), name (<c>ReplicaLag</c>) and dimensions.</summary>
public sealed record Metric(string Namespace, string MetricName)
{
    public IReadOnlyList<MetricDimension> Dimensions { get; init; } = [];
}

/// <summary>ListMetrics filters (null = any). A dimension with a null value matches any value of that name.</summary>
public sealed record MetricFilter
{
    public string? Namespace { get; init; }

    public string? MetricName { get; init; }

    public IReadOnlyList<(string Name, string? Value)> Dimensions { get; init; } = [];
}
