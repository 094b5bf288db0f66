using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>The RDS reads the actions share: one instance or snapshot or null, the newest DR copy of a source instance.</summary>
internal static class RdsLookups
{
    public static async Task<DbInstance?> InstanceAsync(ActionServices s, string region, string id, string account, CancellationToken cancellationToken)
    {
        try
        {
            var found = await s.Rds.DescribeDBInstancesAsync(region, new DbInstanceQuery(id), account, cancellationToken);
            return found.FirstOrDefault(i => string.Equals(i.Identifier, id, StringComparison.OrdinalIgnoreCase));
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBInstanceNotFound"))
        {
            return null;
        }
    }

    public static async Task<DbSnapshot?> SnapshotAsync(ActionServices s, string region, string id, string account, CancellationToken cancellationToken)
    {
        try
        {
            var found = await s.Rds.DescribeDBSnapshotsAsync(region, new DbSnapshotQuery(SnapshotIdentifier: id), account, cancellationToken);
            return found.FirstOrDefault(x => string.Equals(x.Identifier, id, StringComparison.OrdinalIgnoreCase));
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBSnapshotNotFound"))
        {
            return null;
        }
    }

    /// <summary>
    /// The newest usable DR copy of <paramref name="sourceInstance"/>'s snapshots in <paramref name="region"/>: owned by
    /// DrService for the application, linked to the source by <c>dr:resource-id</c> (or the snapshot's instance id),
    /// state available, newest by the source backup's time (<c>dr:source-created</c>), then by creation.
    /// </summary>
    public static async Task<Artifact?> NewestCopyAsync(ActionServices s, StepContext context, string region, string sourceInstance, CancellationToken cancellationToken)
    {
        var copies = await s.Driver(ArtifactKind.DbSnapshot).ListCopiesAsync(region, context.Application, s.Account(context), cancellationToken);
        return copies
            .Where(c => c.State == ArtifactState.Available && c.Tags.ContainsKey(OwnershipTags.SourceId)
                && string.Equals(c.Tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? c.ResourceId, sourceInstance, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.SourceCreatedAt)
            .ThenByDescending(c => c.CreatedAt)
            .FirstOrDefault();
    }

    public static async Task<DbCluster?> ClusterAsync(ActionServices s, string region, string id, string account, CancellationToken cancellationToken)
    {
        try
        {
            var found = await s.Rds.DescribeDBClustersAsync(region, new DbClusterQuery(id), account, cancellationToken);
            return found.FirstOrDefault(c => string.Equals(c.Identifier, id, StringComparison.OrdinalIgnoreCase));
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBClusterNotFound"))
        {
            return null;
        }
    }

    /// <summary>
    /// The newest usable DR copy of <paramref name="sourceCluster"/>'s cluster snapshots in <paramref name="region"/>:
    /// owned by DrService for the application, linked by <c>dr:resource-id</c> (or the snapshot's cluster id), state
    /// available, newest by the source backup's time (<c>dr:source-created</c>), then by creation.
    /// </summary>
    public static async Task<Artifact?> NewestClusterCopyAsync(ActionServices s, StepContext context, string region, string sourceCluster, CancellationToken cancellationToken)
    {
        var copies = await s.Driver(ArtifactKind.DbClusterSnapshot).ListCopiesAsync(region, context.Application, s.Account(context), cancellationToken);
        return copies
            .Where(c => c.State == ArtifactState.Available && c.Tags.ContainsKey(OwnershipTags.SourceId)
                && string.Equals(c.Tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? c.ResourceId, sourceCluster, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.SourceCreatedAt)
            .ThenByDescending(c => c.CreatedAt)
            .FirstOrDefault();
    }

    /// <summary><c>address:port</c>, or empty while RDS has not assigned an endpoint yet.</summary>
    public static string Endpoint(DbInstance instance) =>
        instance.EndpointAddress is { Length: > 0 } address ? (instance.EndpointPort is { } port ? $"{address}:{port}" : address) : "";

    public static bool IsOurs(IReadOnlyDictionary<string, string> tags, StepContext context) =>
        tags.TryGetValue(RunbookTags.ExecutionId, out var id) && id == context.ExecutionId;
}
