using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Drivers;

/// <summary>
/// What DB snapshots and DB cluster snapshots share: the same describe filters (by resource id and by snapshot id,
/// chunked), the same copy rules (deterministic target identifier, "already exists" adopted when DrService owns it,
/// KMS key required for an encrypted source going to another region) and the same ownership check before a delete.
/// The two subclasses only name the RDS operations, filters and error codes of their kind.
/// </summary>
public abstract partial class RdsSnapshotDriver<TSnapshot>(IRdsClient rds, TimeProvider time) : IArtifactDriver
    where TSnapshot : class
{
    protected IRdsClient Rds { get; } = rds;

    /// <summary>Values per describe filter (<see cref="RdsSelection.MaxFilterValues"/>); tests lower it to see the chunks.</summary>
    internal int FilterChunkSize { get; set; } = RdsSelection.MaxFilterValues;

    public abstract ArtifactKind Kind { get; }

    /// <summary>The describe filter by protected resource: <c>db-instance-id</c> or <c>db-cluster-id</c>.</summary>
    protected abstract string ResourceFilter { get; }

    /// <summary>The describe filter by snapshot identifier: <c>db-snapshot-id</c> or <c>db-cluster-snapshot-id</c>.</summary>
    protected abstract string SnapshotFilter { get; }

    /// <summary>The error code of a copy whose target identifier exists already.</summary>
    protected abstract string AlreadyExistsCode { get; }

    /// <summary>The error code of a snapshot AWS does not know.</summary>
    protected abstract string NotFoundCode { get; }

    /// <summary>Every resource of the kind in the region (all pages), as candidates for the selector.</summary>
    protected abstract Task<IReadOnlyList<ProtectedResource>> DescribeResourcesAsync(string application, string region, string account, CancellationToken cancellationToken);

    /// <summary>One describe (all pages) with the filters; <paramref name="manualOnly"/> sets SnapshotType=manual.</summary>
    protected abstract Task<IReadOnlyList<TSnapshot>> DescribeSnapshotsAsync(string region, IReadOnlyList<RdsFilter>? filters, bool manualOnly, string account, CancellationToken cancellationToken);

    /// <summary>The snapshots that can be sources: by default those of <see cref="DescribeSnapshotsAsync"/> (automated and manual).</summary>
    protected virtual Task<IReadOnlyList<TSnapshot>> DescribeSourceSnapshotsAsync(string region, IReadOnlyList<RdsFilter> filters, string account, CancellationToken cancellationToken) =>
        DescribeSnapshotsAsync(region, filters, manualOnly: false, account, cancellationToken);

    protected abstract Artifact ToArtifact(string region, TSnapshot snapshot, DateTimeOffset now);

    protected abstract Task<TSnapshot> CreateSnapshotAsync(string region, string resourceId, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken);

    protected abstract Task<TSnapshot> CopySnapshotAsync(CopyOrder order, string sourceArn, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken);

    protected abstract Task DeleteSnapshotAsync(string region, string id, string account, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<ProtectedResource>> DiscoverAsync(string application, string region, ResourceSelector selector, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.Ids.Count == 0 && selector.Tags.Count == 0)
        {
            return [];
        }
        var candidates = await DescribeResourcesAsync(application, region, account, cancellationToken);
        return candidates.Where(r => RdsSelection.Matches(selector, r.ResourceId, r.Tags)).ToList();
    }

    public async Task<IReadOnlyList<Artifact>> ListSourceArtifactsAsync(string region, IReadOnlyCollection<string> resourceIds, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        // SnapshotType unset: manual and automated snapshots alike (shared and public ones of other accounts never).
        return await DescribeByAsync(region, ResourceFilter, resourceIds, account, cancellationToken, sources: true);
    }

    public async Task<Artifact> CreateSourceArtifactAsync(ProtectedResource resource, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        EnsureKind(resource.Kind, nameof(resource));
        try
        {
            var created = await CreateSnapshotAsync(resource.Region, resource.ResourceId, name, tags, account, cancellationToken);
            return ToArtifact(resource.Region, created, time.GetUtcNow());
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, AlreadyExistsCode) || Ec2Calls.IsAmbiguous(ex, cancellationToken))
        {
            // Our client retries a 5xx or a timeout; when the first call took effect, the retry is refused as a duplicate
            // identifier (names are unique per run, CopyNames.ForSource), or the answer is lost altogether. The snapshot
            // of this resource under this name, tagged ours, is this run's: adopt it (issue 14, item 12).
            if (await DescribeOneAsync(resource.Region, name, account, cancellationToken) is { IsOwned: true } made
                && string.Equals(made.ResourceId, resource.ResourceId, StringComparison.Ordinal))
            {
                return made;
            }
            throw;
        }
    }

    public async Task<IReadOnlyList<Artifact>> ListCopiesAsync(string region, string? application, string account, CancellationToken cancellationToken)
    {
        // Copies are manual snapshots; RDS filters know no tags, so ownership is read from each TagList.
        var snapshots = await DescribeSnapshotsAsync(region, null, manualOnly: true, account, cancellationToken);
        var now = time.GetUtcNow();
        return snapshots.Select(s => ToArtifact(region, s, now))
            .Where(a => a.IsOwned && (application is null || string.Equals(a.Application, application, StringComparison.Ordinal)))
            .ToList();
    }

    public Task<IReadOnlyList<Artifact>> DescribeAsync(string region, IReadOnlyCollection<string> ids, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // A snapshot-id filter, unlike the identifier parameter, takes many ids and leaves unknown ones out silently.
        return DescribeByAsync(region, SnapshotFilter, ids, account, cancellationToken);
    }

    public async Task DeleteCopyAsync(Artifact copy, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        EnsureKind(copy.Kind, nameof(copy));
        if (!copy.IsOwned)
        {
            throw NotOwned(copy.Region, copy.Id);
        }
        // The caller's tags may be stale: AWS's own TagList decides.
        var current = await DescribeOneAsync(copy.Region, copy.Id, account, cancellationToken);
        if (current is null)
        {
            return;
        }
        if (!current.IsOwned)
        {
            throw NotOwned(copy.Region, copy.Id);
        }
        try
        {
            await DeleteSnapshotAsync(copy.Region, current.Id, account, cancellationToken);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, NotFoundCode))
        {
            // Gone in between: what the caller wanted.
        }
    }

    protected void EnsureKind(ArtifactKind kind, string parameter)
    {
        if (kind != Kind)
        {
            throw new ArgumentException($"{GetType().Name} handles {Kind}, not {kind}.", parameter);
        }
    }

    /// <summary>One snapshot by identifier, or null when AWS does not know it (the filter never throws NotFound).</summary>
    private async Task<Artifact?> DescribeOneAsync(string region, string id, string account, CancellationToken cancellationToken) =>
        await DescribeByAsync(region, SnapshotFilter, [id], account, cancellationToken) is [var one, ..] ? one : null;

    private async Task<IReadOnlyList<Artifact>> DescribeByAsync(string region, string filter, IEnumerable<string> values, string account, CancellationToken cancellationToken, bool sources = false)
    {
        var found = new List<Artifact>();
        foreach (var chunk in RdsSelection.Chunks(values, FilterChunkSize))
        {
            var snapshots = sources
                ? await DescribeSourceSnapshotsAsync(region, [new RdsFilter(filter, chunk)], account, cancellationToken)
                : await DescribeSnapshotsAsync(region, [new RdsFilter(filter, chunk)], manualOnly: false, account, cancellationToken);
            var now = time.GetUtcNow();
            found.AddRange(snapshots.Select(s => ToArtifact(region, s, now)));
        }
        return found;
    }

    private RdsDriverException NotOwned(string region, string id) => new(
        RdsDriverException.NotOwned,
        $"Refusing to delete {Kind} {id} in {region}: it does not carry {OwnershipTags.ManagedBy}={OwnershipTags.ManagedByValue}.");
}
