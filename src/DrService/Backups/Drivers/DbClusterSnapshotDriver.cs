using DrService.Aws.Rds;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

/// <summary>
/// Aurora (and Multi-AZ) DB clusters protected by DB cluster snapshots. Discovery reads DescribeDBClusters once per
/// region (all pages, TagList included) and leaves out clusters that replicate from another one
/// (ReplicationSourceIdentifier set: their data is the source's) and Neptune and DocumentDB clusters, which the same
/// API lists but which are not RDS databases.
/// </summary>
public sealed class DbClusterSnapshotDriver(IRdsClient rds, TimeProvider time) : RdsSnapshotDriver<DbClusterSnapshot>(rds, time)
{
    private static readonly string[] ForeignEngines = ["neptune", "docdb"];

    public override ArtifactKind Kind => ArtifactKind.DbClusterSnapshot;

    protected override string ResourceFilter => "db-cluster-id";

    protected override string SnapshotFilter => "db-cluster-snapshot-id";

    protected override string AlreadyExistsCode => "DBClusterSnapshotAlreadyExistsFault";

    protected override string NotFoundCode => "DBClusterSnapshotNotFoundFault";

    protected override string DescribeOperation => "DescribeDBClusterSnapshots";

    protected override async Task<IReadOnlyList<ProtectedResource>> DescribeResourcesAsync(string application, string region, string account, CancellationToken cancellationToken)
    {
        var clusters = await Rds.DescribeDBClustersAsync(region, null, account, cancellationToken);
        return clusters
            .Where(c => c.ReplicationSourceIdentifier is null && !ForeignEngines.Contains(c.Engine, StringComparer.OrdinalIgnoreCase))
            .Select(c => new ProtectedResource(application, Kind, region, c.Identifier)
            {
                Arn = c.Arn,
                Tags = c.Tags,
                Detail = c.Engine,
            })
            .ToList();
    }

    protected override Task<IReadOnlyList<DbClusterSnapshot>> DescribeSnapshotsAsync(string region, IReadOnlyList<RdsFilter>? filters, bool manualOnly, string account, CancellationToken cancellationToken) =>
        Rds.DescribeDBClusterSnapshotsAsync(region, new DbClusterSnapshotQuery(SnapshotType: manualOnly ? "manual" : null, Filters: filters), account, cancellationToken);

    /// <summary>Cluster snapshots have no OriginalSnapshotCreateTime: a copy's data time comes from its dr:source-created tag.</summary>
    protected override Artifact ToArtifact(string region, DbClusterSnapshot s, DateTimeOffset now) =>
        new(Kind, region, s.Identifier, s.ClusterIdentifier, s.SnapshotCreateTime ?? now, RdsSelection.State(s.Status))
        {
            Arn = s.Arn,
            Progress = s.PercentProgress,
            Encrypted = s.StorageEncrypted,
            KmsKeyId = s.KmsKeyId,
            SizeGiB = s.AllocatedStorage,
            Tags = s.Tags,
        };

    protected override Task<DbClusterSnapshot> CreateSnapshotAsync(string region, string resourceId, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken) =>
        Rds.CreateDBClusterSnapshotAsync(region, resourceId, name, tags, account, cancellationToken);

    protected override Task<DbClusterSnapshot> CopySnapshotAsync(CopyOrder order, string sourceArn, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken) =>
        Rds.CopyDBClusterSnapshotAsync(
            order.DestinationRegion,
            new DbClusterSnapshotCopy(sourceArn, order.TargetName, order.Source.Region, order.KmsKeyId, order.CopySourceTags, tags),
            account,
            cancellationToken);

    protected override Task DeleteSnapshotAsync(string region, string id, string account, CancellationToken cancellationToken) =>
        Rds.DeleteDBClusterSnapshotAsync(region, id, account, cancellationToken);

    protected override string IdOf(DbClusterSnapshot snapshot) => snapshot.Identifier;
}
