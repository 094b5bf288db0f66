using DrService.Aws.Rds;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

/// <summary>
/// RDS DB instances protected by DB snapshots. Discovery reads DescribeDBInstances once per region (all pages; RDS
/// filters know no tags, TagList comes with each instance) and leaves out Aurora members (their data is in the
/// cluster's snapshots: <see cref="DbClusterSnapshotDriver"/>) and read replicas (their data is the source's, which is
/// protected in its own right; a replica's snapshot would copy the same data twice).
/// </summary>
public sealed class DbSnapshotDriver(IRdsClient rds, TimeProvider time) : RdsSnapshotDriver<DbSnapshot>(rds, time)
{
    public override ArtifactKind Kind => ArtifactKind.DbSnapshot;

    protected override string ResourceFilter => "db-instance-id";

    protected override string SnapshotFilter => "db-snapshot-id";

    protected override string AlreadyExistsCode => "DBSnapshotAlreadyExists";

    protected override string NotFoundCode => "DBSnapshotNotFound";

    protected override string DescribeOperation => "DescribeDBSnapshots";

    protected override async Task<IReadOnlyList<ProtectedResource>> DescribeResourcesAsync(string application, string region, string account, CancellationToken cancellationToken)
    {
        var instances = await Rds.DescribeDBInstancesAsync(region, null, account, cancellationToken);
        return instances
            .Where(i => i.DBClusterIdentifier is null && !i.IsReadReplica)
            .Select(i => new ProtectedResource(application, Kind, region, i.Identifier)
            {
                Arn = i.Arn,
                Tags = i.Tags,
                SizeGiB = i.AllocatedStorage,
                Detail = i.AvailabilityZone,
            })
            .ToList();
    }

    protected override Task<IReadOnlyList<DbSnapshot>> DescribeSnapshotsAsync(string region, IReadOnlyList<RdsFilter>? filters, bool manualOnly, string account, CancellationToken cancellationToken) =>
        Rds.DescribeDBSnapshotsAsync(region, new DbSnapshotQuery(SnapshotType: manualOnly ? "manual" : null, Filters: filters), account, cancellationToken);

    /// <summary>
    /// Sources: the default describe (automated and manual) and a second describe with SnapshotType=awsbackup, because
    /// snapshots made by AWS Backup appear only then. botocore rds 2014-10-31, DescribeDBSnapshotsMessage.SnapshotType:
    /// "awsbackup - Return the DB snapshots managed by the Amazon Web Services Backup service. ... If you don't specify a
    /// SnapshotType value, then both automated and manual snapshots are returned." (IncludeShared/IncludePublic do not
    /// bring them either.) "The awsbackup type does not apply to Aurora", so the cluster driver keeps one call. moto does
    /// not model AWS Backup snapshots: the test checks the request (issue 14, item 13; docs/design/aws-facts.md).
    /// </summary>
    protected override async Task<IReadOnlyList<DbSnapshot>> DescribeSourceSnapshotsAsync(string region, IReadOnlyList<RdsFilter> filters, string account, CancellationToken cancellationToken)
    {
        var found = await DescribeSnapshotsAsync(region, filters, manualOnly: false, account, cancellationToken);
        var backup = await Rds.DescribeDBSnapshotsAsync(region, new DbSnapshotQuery(SnapshotType: "awsbackup", Filters: filters), account, cancellationToken);
        return [.. found, .. backup.Where(b => !found.Any(f => string.Equals(f.Identifier, b.Identifier, StringComparison.Ordinal)))];
    }

    /// <summary>
    /// <see cref="Artifact.CreatedAt"/> is when the data was captured: OriginalSnapshotCreateTime, which a copy (and a
    /// copy of a copy) keeps from the first snapshot, else SnapshotCreateTime; a snapshot still being created has
    /// neither yet, so now.
    /// </summary>
    protected override Artifact ToArtifact(string region, DbSnapshot s, DateTimeOffset now) =>
        new(Kind, region, s.Identifier, s.InstanceIdentifier, s.OriginalSnapshotCreateTime ?? s.SnapshotCreateTime ?? now, RdsSelection.State(s.Status))
        {
            Arn = s.Arn,
            Progress = s.PercentProgress,
            Encrypted = s.Encrypted,
            KmsKeyId = s.KmsKeyId,
            SizeGiB = s.AllocatedStorage,
            Tags = s.Tags,
            OptionGroupName = s.OptionGroupName,
        };

    protected override Task<DbSnapshot> CreateSnapshotAsync(string region, string resourceId, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken) =>
        Rds.CreateDBSnapshotAsync(region, resourceId, name, tags, account, cancellationToken);

    protected override Task<DbSnapshot> CopySnapshotAsync(CopyOrder order, string sourceArn, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken) =>
        Rds.CopyDBSnapshotAsync(
            order.DestinationRegion,
            new DbSnapshotCopy(sourceArn, order.TargetName, order.Source.Region, order.KmsKeyId, order.CopySourceTags, tags, OptionGroupFor(order)),
            account,
            cancellationToken);

    /// <summary>
    /// The DR-region option group to send with a cross-region copy, or null. botocore rds 2014-10-31,
    /// CopyDBSnapshotMessage.OptionGroupName: "Specify this option if you are copying a snapshot from one Amazon Web
    /// Services Region to another, and your DB instance uses a nondefault option group. If your source DB instance uses
    /// Transparent Data Encryption for Oracle or Microsoft SQL Server, you must specify this option when copying across
    /// Amazon Web Services Regions." Option groups are regional, so the source's own name means nothing in the DR
    /// region: a non-default group is mapped by Backup:OptionGroups, and one without a mapping is refused here (with the
    /// key that fixes it) rather than sent as a copy AWS refuses (TDE) or restores without its options. Default groups
    /// (<c>default:{engine}-{major}</c>) exist in every region and need nothing. moto neither reports a snapshot's option
    /// group nor checks the parameter (issue 14, item 6; docs/design/aws-facts.md).
    /// </summary>
    internal static string? OptionGroupFor(CopyOrder order)
    {
        var source = order.Source;
        if (source.OptionGroupName is not { Length: > 0 } group || group.StartsWith("default:", StringComparison.Ordinal)
            || string.Equals(source.Region, order.DestinationRegion, StringComparison.Ordinal))
        {
            return null;
        }
        if (order.OptionGroups.TryGetValue(group, out var mapped) && !string.IsNullOrWhiteSpace(mapped))
        {
            return mapped;
        }
        var key = RdsSelection.OptionGroupsConfigurationKey(order.Application);
        throw new RdsDriverException(
            RdsDriverException.OptionGroupRequired,
            $"DB snapshot {source.Id} in {source.Region} was taken with the non-default option group {group}; option groups are " +
            $"regional, so its copy to {order.DestinationRegion} needs one of that region: set {key}:{group} to an option group of the same engine there.",
            $"{key}:{group}");
    }

    protected override Task DeleteSnapshotAsync(string region, string id, string account, CancellationToken cancellationToken) =>
        Rds.DeleteDBSnapshotAsync(region, id, account, cancellationToken);

    protected override string IdOf(DbSnapshot snapshot) => snapshot.Identifier;
}
