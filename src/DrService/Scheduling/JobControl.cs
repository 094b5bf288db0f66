using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace DrService.Scheduling;

/// <summary>
/// Operator control of jobs: run now. Each request is audited. A request while a run of the same job is queued (a
/// run-now trigger not fired yet) or under way (its run record not finished) starts nothing: it answers that run's key
/// (issue 14, item 18: six requests had queued six full backup cycles).
/// </summary>
public sealed class JobControl(ISchedulerFactory schedulers, IDbContextFactory<DrDbContext> contexts, IAuditLog audit, TimeProvider time) : IDisposable
{
    /// <summary>One request at a time in this process, so concurrent requests see each other's trigger.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Fires the job now, outside its schedule, unless a run of it is queued or running; returns the run key (the new
    /// firing's, or the queued or running one's with <see cref="RunNowResult.Coalesced"/>), or null when no such job exists.
    /// </summary>
    public async Task<RunNowResult?> RunNowAsync(string job, string actor, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = new JobKey(job, DrQuartzJob.Group);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var detail = await scheduler.GetJobDetail(key, cancellationToken);
            if (detail is null)
            {
                return null;
            }
            var application = detail.JobDataMap.GetString(DrQuartzJob.ApplicationKey);
            var target = string.IsNullOrEmpty(application) ? null : application;
            if (await PendingRunKeyAsync(scheduler, key, cancellationToken) is { } pending)
            {
                await audit.RecordAsync(new AuditEntry(actor, "job.run-now", "coalesced", target, job, $"run {pending} is queued or running"), cancellationToken);
                return new RunNowResult(pending, Coalesced: true);
            }
            var manualId = $"{time.GetUtcNow().UtcDateTime:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
            await scheduler.TriggerJob(key, new JobDataMap { [DrQuartzJob.ManualKey] = manualId }, cancellationToken);
            await audit.RecordAsync(new AuditEntry(actor, "job.run-now", "accepted", target, job), cancellationToken);
            return new RunNowResult(new JobFiring(job, string.Empty, null, default, manualId, false).RunKey, Coalesced: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// A run-now trigger of the job whose run has not finished (a trigger outlives its run for a moment: Quartz removes
    /// it after the job returns), else a run of the job not finished (oldest first).
    /// </summary>
    private async Task<string?> PendingRunKeyAsync(IScheduler scheduler, JobKey key, CancellationToken cancellationToken)
    {
        var queued = (await scheduler.GetTriggersOfJob(key, cancellationToken))
            .Select(t => t.JobDataMap.GetString(DrQuartzJob.ManualKey))
            .OfType<string>()
            .Where(id => id.Length > 0)
            .Select(id => new JobFiring(key.Name, string.Empty, null, default, id, false).RunKey)
            .ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.JobRuns.AsNoTracking()
            .Where(r => r.Job == key.Name && (r.EndedAt == null || queued.Contains(r.Key)))
            .ToListAsync(cancellationToken);
        var finished = runs.Where(r => r.Phase.IsTerminal()).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        return queued.FirstOrDefault(k => !finished.Contains(k))
            ?? runs.Where(r => !r.Phase.IsTerminal()).OrderBy(r => r.ScheduledAt).Select(r => r.Key).FirstOrDefault();
    }
}

/// <summary>The run a run-now request maps to; <paramref name="Coalesced"/>: an existing queued or running run, not a new one.</summary>
public sealed record RunNowResult(string RunKey, bool Coalesced);
