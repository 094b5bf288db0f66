using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Backups.State;

namespace DrService.Backups.Engine;

public sealed partial class BackupCycle
{
    /// <summary>
    /// Per resource: the age of the newest available copy's data against the application's RPO (ok, at risk,
    /// breached; no copy at all is breached), with the cycle's failure if any. Persisted (status and history) and
    /// published as <c>dr.rpo.seconds</c>.
    /// </summary>
    private async Task<IReadOnlyList<ResourceStatusRecord>> MeasureRpoAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var statuses = new List<ResourceStatusRecord>();
        var seen = new HashSet<(ArtifactKind, string)>();
        foreach (var plan in cycle.Plans)
        {
            if (plan.Failure is { } kindFailure)
            {
                statuses.Add(new ResourceStatusRecord
                {
                    Application = cycle.Application,
                    Kind = plan.Kind,
                    ResourceId = "*",
                    Region = cycle.SourceRegion,
                    RpoState = RpoState.Unknown,
                    RpoTargetSeconds = cycle.App.Rpo.TotalSeconds,
                    CheckedAt = now,
                    LastErrorCode = kindFailure.Code,
                    LastErrorMessage = kindFailure.Message,
                    LastErrorAt = now,
                });
            }
            foreach (var resource in plan.Resources.Values)
            {
                var copies = plan.CopiesByResource.GetValueOrDefault(resource.Resource.ResourceId) ?? [];
                var newest = copies.Where(c => c.State == ArtifactState.Available).MaxBy(c => c.SourceCreatedAt);
                TimeSpan? age = newest is null ? null : now - newest.SourceCreatedAt;
                var state = RpoRule.Evaluate(age, cycle.App.Rpo, cycle.Options.Backups.AtRiskFraction);
                board.Set(cycle.Application, plan.Kind, resource.Resource.ResourceId, newest?.SourceCreatedAt);
                seen.Add((plan.Kind, resource.Resource.ResourceId));
                statuses.Add(new ResourceStatusRecord
                {
                    Application = cycle.Application,
                    Kind = plan.Kind,
                    ResourceId = resource.Resource.ResourceId,
                    Region = cycle.SourceRegion,
                    NewestCopyId = newest?.Id,
                    NewestCopySourceTime = newest?.SourceCreatedAt,
                    CopyCount = copies.Count(c => c.State == ArtifactState.Available),
                    RpoState = state,
                    RpoAgeSeconds = age?.TotalSeconds,
                    RpoTargetSeconds = cycle.App.Rpo.TotalSeconds,
                    CheckedAt = now,
                    LastErrorCode = (resource.Failure ?? plan.Failure)?.Code,
                    LastErrorMessage = (resource.Failure ?? plan.Failure)?.Message,
                    LastErrorAt = (resource.Failure ?? plan.Failure) is null ? null : now,
                });
            }
        }
        board.Retain(cycle.Application, seen);
        await store.SaveStatusAsync(cycle.Application, statuses, cancellationToken);
        return statuses;
    }
}
