using DrService.Backups.Model;
using DrService.Backups.Retention;
using DrService.Configuration;
using DrService.Storage;

namespace DrService.Backups.Engine;

public sealed partial class BackupCycle
{
    /// <summary>
    /// Retention per resource over the copies DrService owns. A resource whose cycle failed is left alone (nothing is
    /// deleted because of an error), held copies (a running drill or failover) and pinned copies are kept, and a
    /// deletion that fails is recorded and does not stop the others. Then the source backups DrService took itself
    /// (<see cref="ApplySourceRetentionAsync"/>), once the copies that point to them are settled.
    /// </summary>
    private async Task ApplyRetentionAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        var held = await holds.HeldCopyIdsAsync(cancellationToken);
        var policy = RetentionPolicyFor(cycle.App, cycle.Options);
        var now = time.GetUtcNow();
        foreach (var plan in cycle.Plans.Where(p => p.Failure is null))
        {
            foreach (var (resourceId, copies) in plan.CopiesByResource)
            {
                if (plan.Resources.TryGetValue(resourceId, out var resource) && resource.HoldRetention)
                {
                    continue;
                }
                var decisions = RetentionPlanner.Plan(policy, [.. copies.Select(c => RetentionCandidate.From(c, held.Contains(c.Id)))], now);
                foreach (var decision in decisions.Where(d => !d.Keep))
                {
                    var copy = copies.Single(c => c.Id == decision.Candidate.Id);
                    if (await DeleteAsync(cycle, plan, resourceId, copy, string.Join("; ", decision.Reasons), cancellationToken))
                    {
                        copies.Remove(copy);
                    }
                }
            }
        }
        await ApplySourceRetentionAsync(cycle, cancellationToken);
    }

    private async Task<bool> DeleteAsync(CycleState cycle, KindPlan plan, string resourceId, Artifact copy, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await plan.Driver.DeleteCopyAsync(copy, cycle.Account, cancellationToken);
            cycle.CopiesDeleted++;
            BackupTelemetry.CopiesDeleted.Add(1, new KeyValuePair<string, object?>("kind", plan.Kind.ToString()));
            await audit.RecordAsync(new AuditEntry(Actor, "backup.retention.delete", "succeeded", cycle.Application, copy.Id, $"{plan.Kind} of {resourceId} in {copy.Region}: {reason}"), cancellationToken);
            return true;
        }
        catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
        {
            LogResourceFailed(logger, cycle.Application, plan.Kind, resourceId, failure.Code, $"retention could not delete {copy.Id}: {failure.Message}");
            await audit.RecordAsync(new AuditEntry(Actor, "backup.retention.delete", "failed", cycle.Application, copy.Id, $"{failure.Code}: {failure.Message}"), cancellationToken);
            if (plan.Resources.TryGetValue(resourceId, out var resource))
            {
                resource.Failure ??= failure with { Message = $"retention could not delete {copy.Id}: {failure.Message}" };
            }
            return false;
        }
    }

    private static RetentionPolicy RetentionPolicyFor(ApplicationOptions app, DrOptions options) =>
        RetentionPolicy.From(app.Retention.ApplyTo(options.Retention));

    /// <summary>
    /// The retention dry run: what retention would remove now, per copy with its reasons, without removing anything.
    /// One listing call per kind in the DR region.
    /// </summary>
    public async Task<IReadOnlyList<RetentionPreview>> PreviewRetentionAsync(string application, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var app = current.Applications.TryGetValue(application, out var found) ? found : throw new KeyNotFoundException($"No application '{application}'.");
        var held = await holds.HeldCopyIdsAsync(cancellationToken);
        var policy = RetentionPolicyFor(app, current);
        var now = time.GetUtcNow();
        var previews = new List<RetentionPreview>();
        foreach (var (kind, _) in Selections(app))
        {
            var driver = _drivers[kind];
            var copies = await driver.ListCopiesAsync(current.Regions.Dr, application, app.Account, cancellationToken);
            foreach (var (resourceId, ofResource) in GroupByResource(copies))
            {
                var decisions = RetentionPlanner.Plan(policy, [.. ofResource.Select(c => RetentionCandidate.From(c, held.Contains(c.Id)))], now);
                previews.AddRange(decisions.Select(d => new RetentionPreview(kind, resourceId, d.Candidate.Id, d.Candidate.SourceCreatedAt, d.Keep, d.Reasons)));
            }
        }
        return previews;
    }
}

/// <summary>One copy in the retention dry run.</summary>
public sealed record RetentionPreview(ArtifactKind Kind, string ResourceId, string CopyId, DateTimeOffset SourceCreatedAt, bool Keep, IReadOnlyList<string> Reasons);
