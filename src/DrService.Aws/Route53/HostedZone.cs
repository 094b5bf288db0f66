namespace DrService.Aws.Route53;

/// <summary>A hosted zone. <see cref="Id"/> is the bare id (<c>Z123</c>, not <c>/hostedzone/Z123</c>); names end with a dot.</summary>
public sealed record HostedZone(string Id, string Name, string CallerReference)
{
    public string? Comment { get; init; }

    public bool PrivateZone { get; init; }

    public long? ResourceRecordSetCount { get; init; }

    /// <summary>The delegation set's name servers (CreateHostedZone, GetHostedZone of a public zone); empty otherwise.</summary>
    public IReadOnlyList<string> NameServers { get; init; } = [];
}

/// <summary>What CreateHostedZone needs. A <see cref="Vpc"/> makes the zone private.</summary>
public sealed record NewHostedZone(string Name, string CallerReference)
{
    public string? Comment { get; init; }

    public HostedZoneVpc? Vpc { get; init; }
}

public sealed record HostedZoneVpc(string VpcId, string Region);

/// <summary>CreateHostedZone's answer: the zone and the change that publishes it.</summary>
public sealed record CreatedHostedZone(HostedZone Zone, ChangeInfo Change);
