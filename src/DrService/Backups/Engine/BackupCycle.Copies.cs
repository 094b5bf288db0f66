using System.Diagnostics;
using DrService.Backups.Model;
using DrService.Backups.Queue;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Telemetry;

namespace DrService.Backups.Engine;

public sealed partial class BackupCycle
{
    /// <summary>A copy being followed; <c>IssuedAt</c> is when its copy call was made (the not-found grace runs from it).</summary>
    private sealed record InFlight(KindPlan Plan, ResourcePlan Resource, CopyOrder Order, string CopyId, long StartedTimestamp, DateTimeOffset IssuedAt)
    {
        public int PollFailures { get; set; }
    }

    /// <summary>
    /// Issues the planned copies through one <see cref="CopyScheduler"/> (AWS's concurrency limits per destination
    /// region and kind, most overdue RPO first), follows them with one batched Describe per kind and poll, and
    /// re-queues limit and throttling answers with backoff. Every copy's intent is recorded before its call.
    /// </summary>
    private async Task CopyAsync(CycleState cycle, IJobProgress progress, CancellationToken cancellationToken)
    {
        await SettleCopiedRecordsAsync(cycle, cancellationToken);
        var backups = cycle.Options.Backups;
        var inFlight = new Dictionary<string, InFlight>(StringComparer.Ordinal);
        var work = cycle.Resources.Where(r => r.Resource.Order is not null).ToDictionary(r => r.Resource.Order!.Key, StringComparer.Ordinal);
        // The keys this cycle still has in the shared scheduler (queued, waiting out a backoff, or in flight).
        var open = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var (plan, resource) in work.Values)
            {
                var order = resource.Order!;
                var record = await store.RecordIntentAsync(order, cycle.RunKey, cancellationToken);
                open.Add(order.Key);
                resource.IssuedBefore = record.Attempts > 0;
                if (resource.InFlightCopyId is { } copyId)
                {
                    if (record.CopyId is null)
                    {
                        // Under way in AWS but never checkpointed here (nor audited): adopted, with its audit record.
                        await store.MarkIssuedAsync(order.Key, copyId, cancellationToken,
                            new AuditEntry(Actor, "backup.copy", "succeeded", cycle.Application, $"{order.Source.Id} -> {copyId}",
                                $"{plan.Kind} {order.Source.Region} -> {order.DestinationRegion}; found copying by its ownership tags after an interrupted or failed attempt (run {record.RunKey})"));
                    }
                    scheduler.MarkInFlight(order);
                    inFlight[order.Key] = new InFlight(plan, resource, order, copyId, time.GetTimestamp(), record.IssuedAt ?? time.GetUtcNow());
                }
                else
                {
                    scheduler.Enqueue(new QueuedCopy(order, DueAt(cycle, plan, resource)));
                }
            }

            var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
            var deadline = cycle.StartedAt + backups.MaxCycleDuration;
            var done = 0;
            while (open.Count > 0)
            {
                foreach (var ready in scheduler.TakeReady(c => work.ContainsKey(c.Key)))
                {
                    var (plan, resource) = work[ready.Order.Key];
                    if (!await IssueAsync(cycle, plan, resource, ready.Order, attempts, inFlight, cancellationToken))
                    {
                        open.Remove(ready.Order.Key);
                    }
                }
                if (inFlight.Count > 0)
                {
                    foreach (var finished in await PollAsync(cycle, inFlight, cancellationToken))
                    {
                        open.Remove(finished);
                        done++;
                    }
                }
                if (open.Count == 0)
                {
                    break;
                }
                var now = time.GetUtcNow();
                if (now >= deadline)
                {
                    MarkUnfinished(cycle, work, inFlight);
                    break;
                }
                await progress.ReportAsync(done, work.Count, $"{done}/{work.Count} copies done, {inFlight.Count} in flight, {open.Count - inFlight.Count} queued", cancellationToken);
                var wait = backups.PollInterval;
                if (inFlight.Count == 0 && scheduler.NextRetryAt is { } retryAt)
                {
                    wait = TimeSpan.FromTicks(Math.Clamp((retryAt - now).Ticks, TimeSpan.FromMilliseconds(1).Ticks, backups.PollInterval.Ticks));
                }
                await Task.Delay(wait, time, cancellationToken);
            }
            await progress.ReportAsync(done, work.Count, $"{done}/{work.Count} copies done", cancellationToken);
        }
        finally
        {
            // Copies still queued go back to the next cycle; copies still copying keep their records (WaitingForAws)
            // and are followed by the next cycle. Either way this cycle gives their slots back.
            foreach (var key in open)
            {
                scheduler.Completed(key);
            }
        }
    }

    /// <summary>
    /// Crash recovery: a copy record not Succeeded whose copy the DR listing shows available is closed as Succeeded with
    /// that copy's id, so that the record tells what AWS holds. That is a record left Running without a copy id (the
    /// process or the database went away between the copy call and its checkpoint), one left WaitingForAws, and one
    /// marked Failed because the call's answer was an error although AWS made the copy (a timeout on the response).
    /// A copy whose id was never checkpointed never got its audit record either (it is committed with the checkpoint):
    /// it gets it now, in the same transaction, marked as found. One query per cycle.
    /// </summary>
    private async Task SettleCopiedRecordsAsync(CycleState cycle, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (KindPlan Plan, Artifact Source, Artifact Copy)>(StringComparer.Ordinal);
        foreach (var (plan, resource) in cycle.Resources.Where(r => r.Resource.Order is null && r.Resource.Failure is null && r.Resource.NewestSource is not null))
        {
            var source = resource.NewestSource!;
            var copy = plan.CopiesByResource.GetValueOrDefault(resource.Resource.ResourceId)?
                .FirstOrDefault(c => c.SourceId == source.Id && c.State == ArtifactState.Available);
            if (copy is not null)
            {
                found[CopyOrder.KeyFor(cycle.Application, source)] = (plan, source, copy);
            }
        }
        foreach (var record in await store.UnsettledAsync(cycle.Application, found.Keys, cancellationToken))
        {
            var (plan, source, copy) = found[record.Key];
            var audit = record.CopyId is null
                ? new AuditEntry(Actor, "backup.copy", "succeeded", cycle.Application, $"{source.Id} -> {copy.Id}",
                    $"{plan.Kind} {source.Region} -> {cycle.DrRegion}; found by its ownership tags after an interrupted or failed attempt (run {record.RunKey}, {record.Phase})")
                : null;
            await store.MarkSucceededAsync(record.Key, copy.Id, cancellationToken, audit);
        }
    }

    /// <summary>Issues one copy; false when it failed for good (its slot is freed and the failure recorded).</summary>
    private async Task<bool> IssueAsync(CycleState cycle, KindPlan plan, ResourcePlan resource, CopyOrder order,
        Dictionary<string, int> attempts, Dictionary<string, InFlight> inFlight, CancellationToken cancellationToken)
    {
        using var activity = DrTelemetry.Source.StartActivity("Backup.Copy");
        activity?.SetTag("dr.application", cycle.Application);
        activity?.SetTag("dr.kind", plan.Kind.ToString());
        activity?.SetTag("dr.resource", resource.Resource.ResourceId);
        activity?.SetTag("dr.source", order.Source.Id);
        activity?.SetTag("dr.destination", order.DestinationRegion);
        await store.MarkIssuingAsync(order.Key, cycle.RunKey, cancellationToken);
        try
        {
            // After an attempt whose outcome is unknown, drivers without a ClientToken look the copy up before re-issuing (issue 14, item 12).
            var copyId = await plan.Driver.StartCopyAsync(resource.IssuedBefore ? order with { MayExist = true } : order, cycle.Account, cancellationToken);
            await store.MarkIssuedAsync(order.Key, copyId, cancellationToken,
                new AuditEntry(Actor, "backup.copy", "succeeded", cycle.Application, $"{order.Source.Id} -> {copyId}", $"{plan.Kind} {order.Source.Region} -> {order.DestinationRegion}"));
            inFlight[order.Key] = new InFlight(plan, resource, order, copyId, time.GetTimestamp(), time.GetUtcNow());
            resource.IssuedAttempt = order.Attempt;
            cycle.CopiesIssued++;
            activity?.SetTag("dr.copy", copyId);
            BackupTelemetry.CopiesStarted.Add(1, new KeyValuePair<string, object?>("kind", plan.Kind.ToString()));
            return true;
        }
        catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Code);
            resource.IssuedBefore = true;
            var attempt = attempts[order.Key] = attempts.GetValueOrDefault(order.Key) + 1;
            if (failure.RetryWithinCycle && attempt < cycle.Options.Backups.MaxCopyAttempts)
            {
                scheduler.Retry(order.Key, failure.Code);
                await store.MarkDeferredAsync(order.Key, failure.Code, failure.Message, cancellationToken);
                BackupTelemetry.CopiesDeferred.Add(1, new("kind", plan.Kind.ToString()), new("code", failure.Code));
                return true;
            }
            scheduler.Completed(order.Key);
            await store.MarkFailedAsync(order.Key, failure.Code, failure.Message, cancellationToken,
                new AuditEntry(Actor, "backup.copy", "failed", cycle.Application, order.Source.Id, $"{failure.Code}: {failure.Message}"));
            Fail(cycle, plan, resource, failure);
            BackupTelemetry.CopiesFinished.Add(1, new("kind", plan.Kind.ToString()), new("outcome", "failed"));
            return false;
        }
    }

    /// <summary>One batched Describe per kind for the copies in flight; returns the keys that finished (or are no longer followed).</summary>
    private async Task<IReadOnlyList<string>> PollAsync(CycleState cycle, Dictionary<string, InFlight> inFlight, CancellationToken cancellationToken)
    {
        var finished = new List<string>();
        foreach (var group in inFlight.Values.GroupBy(f => f.Plan).ToList())
        {
            var plan = group.Key;
            IReadOnlyDictionary<string, Artifact> described;
            try
            {
                described = (await plan.Driver.DescribeAsync(cycle.DrRegion, [.. group.Select(f => f.CopyId)], cycle.Account, cancellationToken))
                    .ToDictionary(a => a.Id, StringComparer.Ordinal);
            }
            catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
            {
                foreach (var entry in group.Where(e => ++e.PollFailures >= 3))
                {
                    // The copy goes on in AWS and its record stays WaitingForAws: the next cycle follows it.
                    inFlight.Remove(entry.Order.Key);
                    scheduler.Completed(entry.Order.Key);
                    finished.Add(entry.Order.Key);
                    Fail(cycle, plan, entry.Resource, failure with { Message = $"copy {entry.CopyId} could not be followed: {failure.Message}" });
                }
                continue;
            }
            foreach (var entry in group)
            {
                var copy = described.GetValueOrDefault(entry.CopyId);
                var state = copy?.State ?? ArtifactState.Deleting;
                if (state == ArtifactState.Pending || (copy is null && IsFresh(cycle, entry)))
                {
                    continue;
                }
                inFlight.Remove(entry.Order.Key);
                scheduler.Completed(entry.Order.Key);
                finished.Add(entry.Order.Key);
                if (state == ArtifactState.Available)
                {
                    await store.MarkSucceededAsync(entry.Order.Key, entry.CopyId, cancellationToken);
                    cycle.CopiesCompleted++;
                    Remember(plan, entry, copy!);
                    BackupTelemetry.CopiesFinished.Add(1, new("kind", plan.Kind.ToString()), new("outcome", "succeeded"));
                    BackupTelemetry.CopyDuration.Record(time.GetElapsedTime(entry.StartedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("kind", plan.Kind.ToString()));
                    continue;
                }
                var failure = copy is null
                    ? new BackupFailure("CopyMissing", $"the copy {entry.CopyId} disappeared from {cycle.DrRegion} before it completed", RetryWithinCycle: false)
                    : new BackupFailure("CopyFailed", $"AWS reports the copy {entry.CopyId} in {cycle.DrRegion} as failed", RetryWithinCycle: false);
                await store.MarkFailedAsync(entry.Order.Key, failure.Code, failure.Message, cancellationToken);
                Fail(cycle, plan, entry.Resource, failure);
                BackupTelemetry.CopiesFinished.Add(1, new("kind", plan.Kind.ToString()), new("outcome", "failed"));
            }
        }
        return finished;
    }

    /// <summary>
    /// A copy the DR region does not know yet, within <c>Backups:NotFoundGrace</c> of its copy call: still pending.
    /// EC2's reads are eventually consistent (AWS docs, "Eventual consistency in the Amazon EC2 API": "if you run a
    /// command to modify or describe the resource that you just created, its ID might not have propagated throughout the
    /// system, and you will get an error responding that the resource does not exist"; retry "up to a few minutes"), so
    /// the first polls after CopySnapshot or CopyImage can miss a copy that exists. moto is always consistent (issue 14,
    /// item 11; docs/design/aws-facts.md). RDS copies take the same path. After the grace the copy is CopyMissing.
    /// </summary>
    private bool IsFresh(CycleState cycle, InFlight entry) =>
        time.GetUtcNow() - entry.IssuedAt < cycle.Options.Backups.NotFoundGrace;

    /// <summary>The new copy joins the resource's copies (retention and RPO see it without another listing call).</summary>
    private static void Remember(KindPlan plan, InFlight entry, Artifact described)
    {
        var copy = described with { Tags = described.Tags.Count > 0 ? described.Tags : entry.Order.Tags };
        var list = plan.CopiesByResource.TryGetValue(entry.Resource.Resource.ResourceId, out var existing) ? existing : plan.CopiesByResource[entry.Resource.Resource.ResourceId] = [];
        list.RemoveAll(c => c.Id == copy.Id);
        list.Add(copy);
    }

    private static void MarkUnfinished(CycleState cycle, Dictionary<string, (KindPlan Plan, ResourcePlan Resource)> work, Dictionary<string, InFlight> inFlight)
    {
        foreach (var (_, resource) in work.Values.Where(w => w.Resource.Failure is null && !inFlight.ContainsKey(w.Resource.Order!.Key)
                     && !(w.Plan.CopiesByResource.GetValueOrDefault(w.Resource.Resource.ResourceId)?.Any(c => c.SourceId == w.Resource.Order!.Source.Id && c.State == ArtifactState.Available) ?? false)))
        {
            resource.Failure = new BackupFailure("NotCopiedInTime", $"still queued when the cycle's time ran out (DrService:Backups:MaxCycleDuration = {cycle.Options.Backups.MaxCycleDuration}); the next cycle copies it", RetryWithinCycle: false);
        }
    }

    private void Fail(CycleState cycle, KindPlan plan, ResourcePlan resource, BackupFailure failure)
    {
        resource.Failure = failure;
        LogResourceFailed(logger, cycle.Application, plan.Kind, resource.Resource.ResourceId, failure.Code, failure.Message);
    }

    /// <summary>When the resource's RPO is (or was) breached: the newest available copy's source time plus the RPO.</summary>
    private static DateTimeOffset DueAt(CycleState cycle, KindPlan plan, ResourcePlan resource)
    {
        var newest = plan.CopiesByResource.GetValueOrDefault(resource.Resource.ResourceId)?
            .Where(c => c.State == ArtifactState.Available).Select(c => (DateTimeOffset?)c.SourceCreatedAt).Max();
        return newest is { } at ? at + cycle.App.Rpo : DateTimeOffset.MinValue;
    }
}
