using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>Aurora: clusters, cluster snapshots, global databases.</summary>
public sealed partial class RdsClient
{
    public Task<IReadOnlyList<DbCluster>> DescribeDBClustersAsync(string region, DbClusterQuery? query = null, string account = "default", CancellationToken cancellationToken = default) =>
        DescribeAsync(region, account, RdsRequests.DescribeDBClusters(query ?? new(), PageSize), "DBClusters", DbCluster.From, cancellationToken);

    public Task<IReadOnlyList<DbClusterSnapshot>> DescribeDBClusterSnapshotsAsync(string region, DbClusterSnapshotQuery? query = null, string account = "default", CancellationToken cancellationToken = default) =>
        DescribeAsync(region, account, RdsRequests.DescribeDBClusterSnapshots(query ?? new(), PageSize), "DBClusterSnapshots", DbClusterSnapshot.From, cancellationToken);

    public Task<IReadOnlyList<GlobalCluster>> DescribeGlobalClustersAsync(string region, string? globalClusterIdentifier = null, string account = "default", CancellationToken cancellationToken = default) =>
        DescribeAsync(region, account, RdsRequests.DescribeGlobalClusters(globalClusterIdentifier, PageSize), "GlobalClusters", GlobalCluster.From, cancellationToken);

    public Task<DbClusterSnapshot> CreateDBClusterSnapshotAsync(string region, string clusterIdentifier, string snapshotIdentifier, IReadOnlyDictionary<string, string>? tags = null, string account = "default", CancellationToken cancellationToken = default) =>
        ClusterSnapshotAsync(region, account, RdsRequests.CreateDBClusterSnapshot(clusterIdentifier, snapshotIdentifier, tags), cancellationToken);

    public async Task<DbClusterSnapshot> CopyDBClusterSnapshotAsync(string region, DbClusterSnapshotCopy copy, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var request = await BuildCopyDBClusterSnapshotAsync(region, copy, account, cancellationToken);
        return await ClusterSnapshotAsync(region, account, request, cancellationToken);
    }

    public Task<DbClusterSnapshot> DeleteDBClusterSnapshotAsync(string region, string snapshotIdentifier, string account = "default", CancellationToken cancellationToken = default) =>
        ClusterSnapshotAsync(region, account, RdsRequests.DeleteDBClusterSnapshot(snapshotIdentifier), cancellationToken);

    public async Task<DbCluster> CreateDBClusterAsync(string region, DbClusterCreate create, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        return await ClusterAsync(region, account, RdsRequests.CreateDBCluster(create), cancellationToken);
    }

    public async Task<DbCluster> RestoreDBClusterFromSnapshotAsync(string region, DbClusterRestore restore, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return await ClusterAsync(region, account, RdsRequests.RestoreDBClusterFromSnapshot(restore), cancellationToken);
    }

    public Task<DbCluster> DeleteDBClusterAsync(string region, string clusterIdentifier, string account = "default", CancellationToken cancellationToken = default) =>
        ClusterAsync(region, account, RdsRequests.DeleteDBCluster(clusterIdentifier), cancellationToken);

    public async Task<GlobalCluster?> RemoveFromGlobalClusterAsync(string region, string globalClusterIdentifier, string dbClusterArn, string account = "default", CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(region, account, RdsRequests.RemoveFromGlobalCluster(globalClusterIdentifier, dbClusterArn), cancellationToken);
        return result.Child("GlobalCluster") is { HasElements: true } global ? GlobalCluster.From(global) : null;
    }

    public async Task<GlobalCluster> CreateGlobalClusterAsync(string region, string globalClusterIdentifier, string sourceDbClusterArn, string account = "default", CancellationToken cancellationToken = default)
    {
        var request = RdsRequests.CreateGlobalCluster(globalClusterIdentifier, sourceDbClusterArn);
        var result = await CallAsync(region, account, request, cancellationToken);
        return GlobalCluster.From(Required(result, "GlobalCluster", request.Action));
    }

    private async Task<DbCluster> ClusterAsync(string region, string account, QueryRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(region, account, request, cancellationToken);
        return DbCluster.From(Required(result, "DBCluster", request.Action));
    }

    private async Task<DbClusterSnapshot> ClusterSnapshotAsync(string region, string account, QueryRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(region, account, request, cancellationToken);
        return DbClusterSnapshot.From(Required(result, "DBClusterSnapshot", request.Action));
    }
}
