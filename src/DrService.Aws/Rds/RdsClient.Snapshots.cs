using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>DB instance snapshots and tags.</summary>
public sealed partial class RdsClient
{
    public Task<IReadOnlyList<DbSnapshot>> DescribeDBSnapshotsAsync(string region, DbSnapshotQuery? query = null, string account = "default", CancellationToken cancellationToken = default) =>
        DescribeAsync(region, account, RdsRequests.DescribeDBSnapshots(query ?? new(), PageSize), "DBSnapshots", DbSnapshot.From, cancellationToken);

    public Task<DbSnapshot> CreateDBSnapshotAsync(string region, string instanceIdentifier, string snapshotIdentifier, IReadOnlyDictionary<string, string>? tags = null, string account = "default", CancellationToken cancellationToken = default) =>
        SnapshotAsync(region, account, RdsRequests.CreateDBSnapshot(instanceIdentifier, snapshotIdentifier, tags), cancellationToken);

    public async Task<DbSnapshot> CopyDBSnapshotAsync(string region, DbSnapshotCopy copy, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var request = await BuildCopyDBSnapshotAsync(region, copy, account, cancellationToken);
        return await SnapshotAsync(region, account, request, cancellationToken);
    }

    public Task<DbSnapshot> DeleteDBSnapshotAsync(string region, string snapshotIdentifier, string account = "default", CancellationToken cancellationToken = default) =>
        SnapshotAsync(region, account, RdsRequests.DeleteDBSnapshot(snapshotIdentifier), cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string region, string resourceArn, string account = "default", CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(region, account, RdsRequests.ListTagsForResource(resourceArn), cancellationToken);
        return result.Tags();
    }

    public async Task AddTagsToResourceAsync(string region, string resourceArn, IReadOnlyDictionary<string, string> tags, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        await CallAsync(region, account, RdsRequests.AddTagsToResource(resourceArn, tags), cancellationToken);
    }

    private async Task<DbSnapshot> SnapshotAsync(string region, string account, QueryRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(region, account, request, cancellationToken);
        return DbSnapshot.From(Required(result, "DBSnapshot", request.Action));
    }
}
