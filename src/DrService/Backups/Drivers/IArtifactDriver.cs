using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Drivers;

/// <summary>
/// Everything the backup engine needs from AWS for one kind of artifact. Implementations are thin and
/// kind-specific; the engine is kind-agnostic. Rules for every implementation:
/// <list type="bullet">
/// <item>listing is a few paginated, batched calls per region and kind (filters by ids or tags), never one call per resource;</item>
/// <item>AWS errors surface as <c>AwsServiceException</c> (the official SDK's are converted with <c>AwsErrors.FromSdk</c>) so that the engine records the code per resource;</item>
/// <item>nothing deletes an artifact without the ownership tag <see cref="OwnershipTags.ManagedBy"/>.</item>
/// </list>
/// </summary>
public interface IArtifactDriver
{
    ArtifactKind Kind { get; }

    /// <summary>The resources of this kind that <paramref name="selector"/> picks in <paramref name="region"/> (ids and tags: a resource matches when its id is listed or it carries every listed tag).</summary>
    Task<IReadOnlyList<ProtectedResource>> DiscoverAsync(string application, string region, ResourceSelector selector, string account, CancellationToken cancellationToken);

    /// <summary>Source backups (any state) of the given resources in <paramref name="region"/>, whoever made them (DLM, AWS Backup, RDS automated backups, us).</summary>
    Task<IReadOnlyList<Artifact>> ListSourceArtifactsAsync(string region, IReadOnlyCollection<string> resourceIds, string account, CancellationToken cancellationToken);

    /// <summary>Takes a new source backup of <paramref name="resource"/> (CreateImage without reboot, CreateSnapshot, CreateDBSnapshot, CreateDBClusterSnapshot) named <paramref name="name"/>, tagged with <paramref name="tags"/>; returns it (usually Pending).</summary>
    Task<Artifact> CreateSourceArtifactAsync(ProtectedResource resource, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken);

    /// <summary>The copies DrService owns in <paramref name="region"/> (tag dr:managed-by=drservice), for one application or all.</summary>
    Task<IReadOnlyList<Artifact>> ListCopiesAsync(string region, string? application, string account, CancellationToken cancellationToken);

    /// <summary>Issues the cross-region copy; returns the new copy's id. Tags are applied with the copy in the same call where the API allows.</summary>
    Task<string> StartCopyAsync(CopyOrder order, string account, CancellationToken cancellationToken);

    /// <summary>The given artifacts by id, batched; ids AWS no longer knows are simply absent.</summary>
    Task<IReadOnlyList<Artifact>> DescribeAsync(string region, IReadOnlyCollection<string> ids, string account, CancellationToken cancellationToken);

    /// <summary>Deletes an owned copy (an AMI: deregister, then delete its snapshots). Throws when <paramref name="copy"/> is not owned.</summary>
    Task DeleteCopyAsync(Artifact copy, string account, CancellationToken cancellationToken);
}
