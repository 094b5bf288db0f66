using DrService.Backups.Model;
using DrService.Storage;

namespace DrService.Backups.Engine;

public sealed partial class BackupCycle
{
    /// <summary>
    /// Copies AWS failed (state failed/error) that DrService owns are deleted once superseded: a later attempt of the
    /// same source exists or was issued this cycle, or the resource has an available copy of this source or a newer
    /// one. Retention never deletes a copy that is not available, so without this they stay forever. The newest failed
    /// attempt of a source not yet copied is kept: the next attempt's number counts from it. Nothing is deleted for a
    /// kind or a resource whose cycle went wrong, nor anything without the ownership tag; each deletion is audited
    /// (issue 14, item 12).
    /// </summary>
    private async Task RemoveFailedCopiesAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        foreach (var plan in cycle.Plans.Where(p => p.Failure is null))
        {
            foreach (var (resourceId, copies) in plan.CopiesByResource)
            {
                var resource = plan.Resources.GetValueOrDefault(resourceId);
                if (resource?.Failure is not null)
                {
                    continue;
                }
                foreach (var copy in copies.Where(c => c.IsOwned && c.State == ArtifactState.Failed && IsSuperseded(c, copies, resource)).ToList())
                {
                    try
                    {
                        await plan.Driver.DeleteCopyAsync(copy, cycle.Account, cancellationToken);
                        copies.Remove(copy);
                        await audit.RecordAsync(new AuditEntry(Actor, "backup.copy.delete-failed", "succeeded", cycle.Application, copy.Id,
                            $"{plan.Kind} of {resourceId} in {copy.Region}: AWS failed this copy of {copy.SourceId} (attempt {copy.CopyAttempt}); superseded"), cancellationToken);
                    }
                    catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
                    {
                        LogResourceFailed(logger, cycle.Application, plan.Kind, resourceId, failure.Code, $"failed copy {copy.Id} not deleted: {failure.Message}");
                        await audit.RecordAsync(new AuditEntry(Actor, "backup.copy.delete-failed", "failed", cycle.Application, copy.Id, $"{failure.Code}: {failure.Message}"), cancellationToken);
                    }
                }
            }
        }
    }

    private static bool IsSuperseded(Artifact failed, List<Artifact> copies, ResourcePlan? resource) =>
        copies.Any(c => c.Id != failed.Id && c.SourceId == failed.SourceId && c.CopyAttempt > failed.CopyAttempt)
        || (resource?.IssuedAttempt is { } issued && resource.Order?.Source.Id == failed.SourceId && issued > failed.CopyAttempt)
        || copies.Any(c => c.State == ArtifactState.Available && c.SourceCreatedAt >= failed.SourceCreatedAt);
}
