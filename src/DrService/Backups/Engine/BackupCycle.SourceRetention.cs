using DrService.Backups.Model;
using DrService.Storage;

namespace DrService.Backups.Engine;

public sealed partial class BackupCycle
{
    /// <summary>
    /// Retention of the source backups DrService took itself (CreateSource: tagged <see cref="SourceRunTag"/>, owned,
    /// of this application), per resource, in the source region. Kept: the newest <c>Backup:KeepSources</c>, any that a
    /// DR copy's tags point to (in any state: a pending copy is still being copied), the one this cycle copies, and any
    /// not available (still being taken). A resource or kind whose cycle failed is left alone: its copies may be
    /// unknown, and nothing is deleted because of an error (issue 14, item 18).
    /// </summary>
    private async Task ApplySourceRetentionAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        var keep = cycle.App.Backup.KeepSources;
        foreach (var plan in cycle.Plans.Where(p => p.Failure is null))
        {
            foreach (var resource in plan.Resources.Values.Where(r => !r.HoldRetention))
            {
                var resourceId = resource.Resource.ResourceId;
                var ours = plan.Sources
                    .Where(s => s.ResourceId == resourceId && s.IsOwned && s.Tags.ContainsKey(SourceRunTag)
                        && s.Tags.GetValueOrDefault(OwnershipTags.Application) == cycle.Application)
                    .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal)
                    .ToList();
                var needed = new HashSet<string>(StringComparer.Ordinal);
                foreach (var copy in plan.CopiesByResource.GetValueOrDefault(resourceId) ?? [])
                {
                    if (copy.SourceId is { } sourceId)
                    {
                        needed.Add(sourceId);
                    }
                }
                foreach (var id in new[] { resource.NewestSource?.Id, resource.Order?.Source.Id })
                {
                    if (id is not null)
                    {
                        needed.Add(id);
                    }
                }
                foreach (var source in ours.Skip(keep).Where(s => s.State == ArtifactState.Available && !needed.Contains(s.Id)))
                {
                    await DeleteSourceAsync(cycle, plan, resource, source, $"older than the newest {keep} source backups and no DR copy points to it", cancellationToken);
                }
            }
        }
    }

    private async Task DeleteSourceAsync(CycleState cycle, KindPlan plan, ResourcePlan resource, Artifact source, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await plan.Driver.DeleteCopyAsync(source, cycle.Account, cancellationToken);
            await audit.RecordAsync(new AuditEntry(Actor, "backup.source.delete", "succeeded", cycle.Application, source.Id, $"{plan.Kind} of {resource.Resource.ResourceId} in {source.Region}: {reason}"), cancellationToken);
        }
        catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
        {
            LogResourceFailed(logger, cycle.Application, plan.Kind, resource.Resource.ResourceId, failure.Code, $"source retention could not delete {source.Id}: {failure.Message}");
            await audit.RecordAsync(new AuditEntry(Actor, "backup.source.delete", "failed", cycle.Application, source.Id, $"{failure.Code}: {failure.Message}"), cancellationToken);
        }
    }
}
