namespace DrService.Aws.Rds;

/// <summary>
/// Typed RDS (Query protocol, 2014-10-31) operations DrService needs: snapshot copies for backups, replica status for
/// the replication watch, promote/restore for runbooks. Every call names its region and account ("default" unless
/// given), follows every page of describe calls, and throws <see cref="Errors.AwsServiceException"/> with the AWS
/// error code (<c>DBSnapshotNotFound</c>, <c>DBInstanceNotFound</c>...) or
/// <see cref="Errors.AwsRegionUnavailableException"/> when the region cannot be reached.
/// </summary>
public interface IRdsClient
{
    Task<IReadOnlyList<DbInstance>> DescribeDBInstancesAsync(string region, DbInstanceQuery? query = null, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DbCluster>> DescribeDBClustersAsync(string region, DbClusterQuery? query = null, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DbSnapshot>> DescribeDBSnapshotsAsync(string region, DbSnapshotQuery? query = null, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DbClusterSnapshot>> DescribeDBClusterSnapshotsAsync(string region, DbClusterSnapshotQuery? query = null, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Aurora global databases (all, or one by identifier).</summary>
    Task<IReadOnlyList<GlobalCluster>> DescribeGlobalClustersAsync(string region, string? globalClusterIdentifier = null, string account = "default", CancellationToken cancellationToken = default);

    Task<DbSnapshot> CreateDBSnapshotAsync(string region, string instanceIdentifier, string snapshotIdentifier, IReadOnlyDictionary<string, string>? tags = null, string account = "default", CancellationToken cancellationToken = default);

    Task<DbClusterSnapshot> CreateDBClusterSnapshotAsync(string region, string clusterIdentifier, string snapshotIdentifier, IReadOnlyDictionary<string, string>? tags = null, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Copies a snapshot into <paramref name="region"/> (the destination); cross-region when the copy names another SourceRegion.</summary>
    Task<DbSnapshot> CopyDBSnapshotAsync(string region, DbSnapshotCopy copy, string account = "default", CancellationToken cancellationToken = default);

    Task<DbClusterSnapshot> CopyDBClusterSnapshotAsync(string region, DbClusterSnapshotCopy copy, string account = "default", CancellationToken cancellationToken = default);

    Task<DbSnapshot> DeleteDBSnapshotAsync(string region, string snapshotIdentifier, string account = "default", CancellationToken cancellationToken = default);

    Task<DbClusterSnapshot> DeleteDBClusterSnapshotAsync(string region, string snapshotIdentifier, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string region, string resourceArn, string account = "default", CancellationToken cancellationToken = default);

    Task AddTagsToResourceAsync(string region, string resourceArn, IReadOnlyDictionary<string, string> tags, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Makes a read replica a standalone instance (Tier A failover).</summary>
    Task<DbInstance> PromoteReadReplicaAsync(string region, string instanceIdentifier, int? backupRetentionPeriod = null, string account = "default", CancellationToken cancellationToken = default);

    Task<DbInstance> RestoreDBInstanceFromDBSnapshotAsync(string region, DbInstanceRestore restore, string account = "default", CancellationToken cancellationToken = default);

    Task<DbCluster> RestoreDBClusterFromSnapshotAsync(string region, DbClusterRestore restore, string account = "default", CancellationToken cancellationToken = default);

    Task<DbInstance> CreateDBInstanceAsync(string region, DbInstanceCreate create, string account = "default", CancellationToken cancellationToken = default);

    Task<DbInstance> CreateDBInstanceReadReplicaAsync(string region, DbReadReplicaCreate replica, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Deletes an instance without a final snapshot, keeping its automated backups.</summary>
    Task<DbInstance> DeleteDBInstanceAsync(string region, string instanceIdentifier, string account = "default", CancellationToken cancellationToken = default);

    Task<DbCluster> CreateDBClusterAsync(string region, DbClusterCreate create, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Deletes a cluster without a final snapshot.</summary>
    Task<DbCluster> DeleteDBClusterAsync(string region, string clusterIdentifier, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>
    /// Detaches <paramref name="dbClusterArn"/> from the global database (the "detach and promote" path of a regional
    /// outage): the cluster stops replicating and becomes standalone and writable. Answers the global database as RDS
    /// reports it after the call, or null when the answer names none.
    /// </summary>
    Task<GlobalCluster?> RemoveFromGlobalClusterAsync(string region, string globalClusterIdentifier, string dbClusterArn, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Creates a global database from an existing cluster, which becomes its primary (failback: rebuild from the promoted cluster).</summary>
    Task<GlobalCluster> CreateGlobalClusterAsync(string region, string globalClusterIdentifier, string sourceDbClusterArn, string account = "default", CancellationToken cancellationToken = default);
}
