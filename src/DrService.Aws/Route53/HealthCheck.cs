namespace DrService.Aws.Route53;

/// <summary>A health check; <see cref="HealthCheckVersion"/> is the optimistic-concurrency token of UpdateHealthCheck.</summary>
public sealed record HealthCheck(string Id, string CallerReference, HealthCheckConfig Config, long HealthCheckVersion);

public static class HealthCheckTypes
{
    public const string Http = "HTTP";
    public const string Https = "HTTPS";
    public const string HttpStrMatch = "HTTP_STR_MATCH";
    public const string HttpsStrMatch = "HTTPS_STR_MATCH";
    public const string Tcp = "TCP";
}

/// <summary>
/// A health check's settings (<see cref="HealthCheckTypes"/>): an <see cref="IPAddress"/> or a
/// <see cref="FullyQualifiedDomainName"/>, <see cref="RequestInterval"/> 10 (fast) or 30 (standard) seconds,
/// <see cref="FailureThreshold"/> 1-10 (AWS default 3). <see cref="Regions"/> empty = AWS's default checker regions.
/// </summary>
public sealed record HealthCheckConfig(string Type)
{
    public string? IPAddress { get; init; }

    public int? Port { get; init; }

    public string? ResourcePath { get; init; }

    public string? FullyQualifiedDomainName { get; init; }

    public string? SearchString { get; init; }

    public int? RequestInterval { get; init; }

    public int? FailureThreshold { get; init; }

    public bool? MeasureLatency { get; init; }

    public bool? Inverted { get; init; }

    public bool? Disabled { get; init; }

    public bool? EnableSni { get; init; }

    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> for settings AWS would reject (interval, threshold, target).</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Type);
        if (RequestInterval is { } interval && interval is not (10 or 30))
        {
            throw new ArgumentException($"RequestInterval must be 10 or 30 seconds, not {interval}.", nameof(RequestInterval));
        }
        HealthCheckUpdate.ValidateThreshold(FailureThreshold);
        if (string.IsNullOrEmpty(IPAddress) && string.IsNullOrEmpty(FullyQualifiedDomainName))
        {
            throw new ArgumentException("A health check needs an IPAddress or a FullyQualifiedDomainName.", nameof(IPAddress));
        }
        if (Type is HealthCheckTypes.HttpStrMatch or HealthCheckTypes.HttpsStrMatch && string.IsNullOrEmpty(SearchString))
        {
            throw new ArgumentException($"{Type} needs a SearchString.", nameof(SearchString));
        }
    }
}

/// <summary>
/// The fields UpdateHealthCheck changes (null = unchanged). With <see cref="HealthCheckVersion"/> set, AWS refuses the
/// update (HealthCheckVersionMismatch) when the check changed since that version was read.
/// </summary>
public sealed record HealthCheckUpdate
{
    public long? HealthCheckVersion { get; init; }

    public string? IPAddress { get; init; }

    public int? Port { get; init; }

    public string? ResourcePath { get; init; }

    public string? FullyQualifiedDomainName { get; init; }

    public string? SearchString { get; init; }

    public int? FailureThreshold { get; init; }

    public bool? Inverted { get; init; }

    public bool? Disabled { get; init; }

    public bool? EnableSni { get; init; }

    /// <summary>Null = unchanged; otherwise the new checker regions.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    internal static void ValidateThreshold(int? threshold)
    {
        if (threshold is { } t && t is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), t, "FailureThreshold must be 1-10.");
        }
    }
}

/// <summary>One checker's last observation (GetHealthCheckStatus).</summary>
public sealed record HealthCheckObservation(string Region, string IPAddress, string Status, DateTimeOffset? CheckedTime)
{
    /// <summary>Route 53 status reports start with "Success" when the checker saw the endpoint healthy.</summary>
    public bool IsSuccess => Status.StartsWith("Success", StringComparison.Ordinal);
}

/// <summary>The resource types ChangeTagsForResource / ListTagsForResource accept.</summary>
public enum Route53TagResourceType
{
    HealthCheck,
    HostedZone,
}
