namespace DrService.Aws.Route53;

/// <summary>
/// One record set. Simple records carry <see cref="Ttl"/> and <see cref="ResourceRecords"/>; alias records carry
/// <see cref="AliasTarget"/> instead. Failover records carry <see cref="SetIdentifier"/>, <see cref="Failover"/>
/// (<see cref="FailoverRoles"/>) and usually <see cref="HealthCheckId"/>. Names end with a dot.
/// </summary>
public sealed record ResourceRecordSet(string Name, string Type)
{
    public string? SetIdentifier { get; init; }

    public long? Weight { get; init; }

    public string? Region { get; init; }

    /// <summary>PRIMARY or SECONDARY (<see cref="FailoverRoles"/>).</summary>
    public string? Failover { get; init; }

    public long? Ttl { get; init; }

    public IReadOnlyList<string> ResourceRecords { get; init; } = [];

    public AliasTarget? AliasTarget { get; init; }

    public string? HealthCheckId { get; init; }
}

public sealed record AliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);

public static class FailoverRoles
{
    public const string Primary = "PRIMARY";
    public const string Secondary = "SECONDARY";
}

public enum ChangeAction
{
    Create,
    Delete,
    Upsert,
}

/// <summary>One change of a ChangeResourceRecordSets batch. DELETE must repeat the record set exactly as it is.</summary>
public sealed record ResourceRecordSetChange(ChangeAction Action, ResourceRecordSet RecordSet)
{
    public static ResourceRecordSetChange Create(ResourceRecordSet set) => new(ChangeAction.Create, set);

    public static ResourceRecordSetChange Upsert(ResourceRecordSet set) => new(ChangeAction.Upsert, set);

    public static ResourceRecordSetChange Delete(ResourceRecordSet set) => new(ChangeAction.Delete, set);
}
