namespace DrService.Aws.Rds;

/// <summary>An RDS describe filter: <c>Filters.Filter.N.Name</c> with its values (db-instance-id, engine, dbi-resource-id...).</summary>
public sealed record RdsFilter(string Name, IReadOnlyList<string> Values)
{
    public RdsFilter(string name, params string[] values) : this(name, (IReadOnlyList<string>)values) { }
}

/// <summary>DescribeDBInstances: one instance by identifier or ARN, or every instance matching the filters.</summary>
public sealed record DbInstanceQuery(string? Identifier = null, IReadOnlyList<RdsFilter>? Filters = null);

/// <summary>DescribeDBClusters: one cluster by identifier or ARN, or every cluster matching the filters.</summary>
public sealed record DbClusterQuery(string? Identifier = null, IReadOnlyList<RdsFilter>? Filters = null);

/// <summary>
/// DescribeDBSnapshots: by instance, by snapshot, by type (manual, automated, shared, public, awsbackup) and filters.
/// Shared and public snapshots of other accounts are never included.
/// </summary>
public sealed record DbSnapshotQuery(
    string? InstanceIdentifier = null,
    string? SnapshotIdentifier = null,
    string? SnapshotType = null,
    IReadOnlyList<RdsFilter>? Filters = null);

/// <summary>DescribeDBClusterSnapshots: by cluster, by snapshot, by type and filters (never shared or public).</summary>
public sealed record DbClusterSnapshotQuery(
    string? ClusterIdentifier = null,
    string? SnapshotIdentifier = null,
    string? SnapshotType = null,
    IReadOnlyList<RdsFilter>? Filters = null);
