using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>
/// The RDS requests as pure functions of their arguments (no network, no clock), flattened the way RDS spells lists:
/// <c>Tags.Tag.N.Key</c>, <c>Filters.Filter.N.Values.Value.M</c>, <c>VpcSecurityGroupIds.VpcSecurityGroupId.N</c>.
/// Tests check every parameter name against the botocore model.
/// </summary>
internal static class RdsRequests
{
    public const string Service = "rds";
    public const string Version = "2014-10-31";

    public static QueryRequest Rds(string action) => new(Service, Version, action);

    public static QueryRequest DescribeDBInstances(DbInstanceQuery query, int pageSize) => Rds("DescribeDBInstances")
        .With("DBInstanceIdentifier", query.Identifier)
        .Filters(query.Filters)
        .With("MaxRecords", pageSize);

    public static QueryRequest DescribeDBClusters(DbClusterQuery query, int pageSize) => Rds("DescribeDBClusters")
        .With("DBClusterIdentifier", query.Identifier)
        .Filters(query.Filters)
        .With("MaxRecords", pageSize);

    public static QueryRequest DescribeDBSnapshots(DbSnapshotQuery query, int pageSize) => Rds("DescribeDBSnapshots")
        .With("DBInstanceIdentifier", query.InstanceIdentifier)
        .With("DBSnapshotIdentifier", query.SnapshotIdentifier)
        .With("SnapshotType", query.SnapshotType)
        .Filters(query.Filters)
        .With("IncludeShared", false)
        .With("IncludePublic", false)
        .With("MaxRecords", pageSize);

    public static QueryRequest DescribeDBClusterSnapshots(DbClusterSnapshotQuery query, int pageSize) => Rds("DescribeDBClusterSnapshots")
        .With("DBClusterIdentifier", query.ClusterIdentifier)
        .With("DBClusterSnapshotIdentifier", query.SnapshotIdentifier)
        .With("SnapshotType", query.SnapshotType)
        .Filters(query.Filters)
        .With("IncludeShared", false)
        .With("IncludePublic", false)
        .With("MaxRecords", pageSize);

    public static QueryRequest DescribeGlobalClusters(string? identifier, int pageSize) => Rds("DescribeGlobalClusters")
        .With("GlobalClusterIdentifier", identifier)
        .With("MaxRecords", pageSize);

    public static QueryRequest CreateDBSnapshot(string instanceIdentifier, string snapshotIdentifier, IReadOnlyDictionary<string, string>? tags) =>
        Rds("CreateDBSnapshot")
            .With("DBSnapshotIdentifier", snapshotIdentifier)
            .With("DBInstanceIdentifier", instanceIdentifier)
            .Tags(tags);

    public static QueryRequest CreateDBClusterSnapshot(string clusterIdentifier, string snapshotIdentifier, IReadOnlyDictionary<string, string>? tags) =>
        Rds("CreateDBClusterSnapshot")
            .With("DBClusterSnapshotIdentifier", snapshotIdentifier)
            .With("DBClusterIdentifier", clusterIdentifier)
            .Tags(tags);

    /// <summary>CopyDBSnapshot without its PreSignedUrl (<see cref="RdsClient"/> adds it for cross-region copies).</summary>
    public static QueryRequest CopyDBSnapshot(DbSnapshotCopy copy) => Rds("CopyDBSnapshot")
        .With("SourceDBSnapshotIdentifier", copy.SourceSnapshotArn)
        .With("TargetDBSnapshotIdentifier", copy.TargetSnapshotIdentifier)
        .With("KmsKeyId", copy.KmsKeyId)
        .Tags(copy.Tags)
        .With("CopyTags", copy.CopyTags)
        .With("OptionGroupName", copy.OptionGroupName);

    public static QueryRequest CopyDBClusterSnapshot(DbClusterSnapshotCopy copy) => Rds("CopyDBClusterSnapshot")
        .With("SourceDBClusterSnapshotIdentifier", copy.SourceSnapshotArn)
        .With("TargetDBClusterSnapshotIdentifier", copy.TargetSnapshotIdentifier)
        .With("KmsKeyId", copy.KmsKeyId)
        .With("CopyTags", copy.CopyTags)
        .Tags(copy.Tags);

    public static QueryRequest DeleteDBSnapshot(string snapshotIdentifier) =>
        Rds("DeleteDBSnapshot").With("DBSnapshotIdentifier", snapshotIdentifier);

    public static QueryRequest DeleteDBClusterSnapshot(string snapshotIdentifier) =>
        Rds("DeleteDBClusterSnapshot").With("DBClusterSnapshotIdentifier", snapshotIdentifier);

    public static QueryRequest ListTagsForResource(string resourceArn) =>
        Rds("ListTagsForResource").With("ResourceName", resourceArn);

    public static QueryRequest AddTagsToResource(string resourceArn, IReadOnlyDictionary<string, string> tags) =>
        Rds("AddTagsToResource").With("ResourceName", resourceArn).Tags(tags);

    public static QueryRequest PromoteReadReplica(string instanceIdentifier, int? backupRetentionPeriod) => Rds("PromoteReadReplica")
        .With("DBInstanceIdentifier", instanceIdentifier)
        .With("BackupRetentionPeriod", backupRetentionPeriod);

    public static QueryRequest RestoreDBInstanceFromDBSnapshot(DbInstanceRestore restore) => Rds("RestoreDBInstanceFromDBSnapshot")
        .With("DBInstanceIdentifier", restore.Identifier)
        .With("DBSnapshotIdentifier", restore.SnapshotIdentifier)
        .With("DBInstanceClass", restore.InstanceClass)
        .With("MultiAZ", restore.MultiAz)
        .With("DBSubnetGroupName", restore.DBSubnetGroupName)
        .WithList("VpcSecurityGroupIds.VpcSecurityGroupId", restore.VpcSecurityGroupIds ?? [])
        .Tags(restore.Tags);

    public static QueryRequest RestoreDBClusterFromSnapshot(DbClusterRestore restore) => Rds("RestoreDBClusterFromSnapshot")
        .With("DBClusterIdentifier", restore.Identifier)
        .With("SnapshotIdentifier", restore.SnapshotIdentifier)
        .With("Engine", restore.Engine)
        .With("DBSubnetGroupName", restore.DBSubnetGroupName)
        .WithList("VpcSecurityGroupIds.VpcSecurityGroupId", restore.VpcSecurityGroupIds ?? [])
        .Tags(restore.Tags);

    public static QueryRequest CreateDBInstance(DbInstanceCreate create) => Rds("CreateDBInstance")
        .With("DBInstanceIdentifier", create.Identifier)
        .With("DBInstanceClass", create.InstanceClass)
        .With("Engine", create.Engine)
        .With("MasterUsername", create.MasterUsername)
        .With("MasterUserPassword", create.MasterUserPassword)
        .With("AllocatedStorage", create.AllocatedStorage)
        .With("StorageEncrypted", create.StorageEncrypted)
        .With("KmsKeyId", create.KmsKeyId)
        .With("DBClusterIdentifier", create.DBClusterIdentifier)
        .Tags(create.Tags);

    /// <summary>CreateDBInstanceReadReplica without its PreSignedUrl.</summary>
    public static QueryRequest CreateDBInstanceReadReplica(DbReadReplicaCreate replica) => Rds("CreateDBInstanceReadReplica")
        .With("DBInstanceIdentifier", replica.Identifier)
        .With("SourceDBInstanceIdentifier", replica.SourceInstanceIdentifier)
        .With("DBInstanceClass", replica.InstanceClass)
        .With("MultiAZ", replica.MultiAz)
        .With("DBSubnetGroupName", replica.DBSubnetGroupName)
        .With("KmsKeyId", replica.KmsKeyId)
        .Tags(replica.Tags);

    public static QueryRequest DeleteDBInstance(string instanceIdentifier) => Rds("DeleteDBInstance")
        .With("DBInstanceIdentifier", instanceIdentifier)
        .With("SkipFinalSnapshot", true)
        .With("DeleteAutomatedBackups", false);

    public static QueryRequest CreateDBCluster(DbClusterCreate create) => Rds("CreateDBCluster")
        .With("DBClusterIdentifier", create.Identifier)
        .With("Engine", create.Engine)
        .With("MasterUsername", create.MasterUsername)
        .With("MasterUserPassword", create.MasterUserPassword)
        .With("StorageEncrypted", create.StorageEncrypted)
        .With("KmsKeyId", create.KmsKeyId)
        .Tags(create.Tags);

    public static QueryRequest DeleteDBCluster(string clusterIdentifier) => Rds("DeleteDBCluster")
        .With("DBClusterIdentifier", clusterIdentifier)
        .With("SkipFinalSnapshot", true);

    /// <summary>Detaches a member cluster (by ARN) from a global database; it becomes a standalone, writable cluster.</summary>
    public static QueryRequest RemoveFromGlobalCluster(string globalClusterIdentifier, string dbClusterArn) =>
        Rds("RemoveFromGlobalCluster")
            .With("GlobalClusterIdentifier", globalClusterIdentifier)
            .With("DbClusterIdentifier", dbClusterArn);

    /// <summary>A new global database whose primary is the existing cluster <paramref name="sourceDbClusterArn"/>.</summary>
    public static QueryRequest CreateGlobalCluster(string globalClusterIdentifier, string sourceDbClusterArn) =>
        Rds("CreateGlobalCluster")
            .With("GlobalClusterIdentifier", globalClusterIdentifier)
            .With("SourceDBClusterIdentifier", sourceDbClusterArn);

    private static QueryRequest Tags(this QueryRequest request, IReadOnlyDictionary<string, string>? tags) =>
        tags is null ? request : request.WithTags("Tags.Tag", tags.OrderBy(t => t.Key, StringComparer.Ordinal));

    private static QueryRequest Filters(this QueryRequest request, IReadOnlyList<RdsFilter>? filters) =>
        filters is null ? request : request.WithFilters("Filters.Filter", "Values.Value",
            filters.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Name, f.Values)));
}
