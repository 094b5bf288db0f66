using DrService.Configuration;

namespace DrService.Runbooks.Actions;

/// <summary>
/// The execution parameters (<c>${params.NAME}</c>) of an application's runbooks, from its configuration: the values
/// that are one per application (regions, subnet, security groups, smoke-test URL, notify message). Every name is
/// always present; a value the configuration does not give is empty. Resources are not parameters: the built-in
/// runbooks fan out over the recovery inventory (<c>forEach</c>, <c>${item.FIELD}</c>), one step per resource. The
/// per-resource names (replica, dbInstance, dbCluster, instanceSource, dnsRecord, bucket...) hold only the first
/// configured entry and remain for custom runbooks written before fan-out; new runbooks should not use them.
/// </summary>
public static class RunbookParameters
{
    public static readonly IReadOnlyList<string> Names =
    [
        "primaryRegion", "drRegion", "replica", "replicaSource", "dbInstance", "dbCluster", "instanceSource", "instanceType",
        "instanceCount", "subnetId", "securityGroupIds", "availabilityZone", "dbInstanceClass", "smokeTestUrl", "dnsRecord",
        "hostedZoneId", "bucketSource", "bucketDestination", "notifyMessage",
    ];

    public static IReadOnlyDictionary<string, string> For(DrOptions options, string appKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Applications.TryGetValue(appKey, out var app))
        {
            throw new ArgumentException($"No application '{appKey}' in DrService:Applications.", nameof(appKey));
        }
        var resources = app.Resources;
        var recovery = app.Recovery;
        var replica = resources.ReadReplicas.FirstOrDefault();
        var bucket = resources.BucketPairs.FirstOrDefault();
        var dns = resources.DnsRecords.FirstOrDefault();
        var dr = options.Regions.Dr;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["primaryRegion"] = app.SourceRegionOr(options.Regions),
            ["drRegion"] = dr,
            ["replica"] = replica?.Replica ?? "",
            ["replicaSource"] = replica?.Source ?? "",
            ["dbInstance"] = resources.DbInstances?.Ids.FirstOrDefault() ?? replica?.Source ?? "",
            ["dbCluster"] = resources.DbClusters?.Ids.FirstOrDefault() ?? "",
            // Empty when instances are selected by tags: ec2.launch-from-copy then takes the application's newest AMI copy.
            ["instanceSource"] = resources.Instances?.Ids.FirstOrDefault() ?? "",
            ["instanceType"] = recovery.InstanceType,
            ["instanceCount"] = recovery.InstanceCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["subnetId"] = recovery.SubnetId ?? "",
            ["securityGroupIds"] = string.Join(",", recovery.SecurityGroupIds),
            ["availabilityZone"] = recovery.AvailabilityZone ?? dr + "a",
            ["dbInstanceClass"] = recovery.DbInstanceClass ?? "",
            ["smokeTestUrl"] = (recovery.SmokeTestUrl ?? app.Probes.Secondary)?.ToString() ?? "",
            ["dnsRecord"] = dns?.Name ?? "",
            ["hostedZoneId"] = dns?.HostedZone ?? "",
            ["bucketSource"] = bucket?.Source ?? "",
            ["bucketDestination"] = bucket?.Destination ?? "",
            ["notifyMessage"] = $"DrService: {app.DisplayNameOr(appKey)} (tier {app.Tier}) runbook finished in {dr}.",
        };
    }
}
