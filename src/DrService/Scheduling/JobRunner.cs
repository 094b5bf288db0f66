using System.Diagnostics;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using DrService.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace DrService.Scheduling;

/// <summary>
/// Runs one firing of a job under a persisted run record. Rules:
/// <list type="bullet">
/// <item>the run key is derived from the firing, so a firing re-delivered after a crash (a Quartz recovery firing) finds
/// its record and resumes it; a finished run is never run again, and a run still going is never run a second time;</item>
/// <item>a scheduled firing older than the catch-up window is recorded as Skipped, not run (no back-fill);</item>
/// <item>cancellation (shutdown) is recorded as Cancelled, never as a failure;</item>
/// <item>every run is a trace span <c>Job.{kind}</c> and counts in <c>dr.job.runs</c> / <c>dr.job.duration</c>.</item>
/// </list>
/// </summary>
public sealed partial class JobRunner(
    IDbContextFactory<DrDbContext> contexts,
    IServiceProvider services,
    TimeProvider time,
    ServiceInstance instance,
    SchedulingSettings settings,
    ILogger<JobRunner> logger)
{
    /// <returns>The phase the run ended in; null when this call did not run the firing (it had finished already, or
    /// another runner holds it).</returns>
    public async Task<Phase?> RunAsync(JobFiring firing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firing);
        using var activity = DrTelemetry.Source.StartActivity($"Job.{firing.Kind}");
        activity?.SetTag("dr.job", firing.Job);
        activity?.SetTag("dr.run", firing.RunKey);
        activity?.SetTag("dr.application", firing.Application);

        var run = await ClaimAsync(firing, cancellationToken);
        if (run is null)
        {
            return null;
        }
        if (run.Phase == Phase.Skipped)
        {
            activity?.SetTag("dr.phase", nameof(Phase.Skipped));
            DrTelemetry.JobRuns.Add(1, new("job", firing.Kind), new("phase", nameof(Phase.Skipped)));
            return Phase.Skipped;
        }

        var started = time.GetTimestamp();
        DrTelemetry.JobsInProgress.Add(1, new KeyValuePair<string, object?>("job", firing.Kind));
        Phase final;
        string? reason = null;
        string? message = null;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(firing.Kind);
            var progress = new RunProgress(contexts, run.Id);
            var context = new JobRunContext(run.Key, firing.Job, firing.Application, run.ScheduledAt, run.Attempts > 1, progress);
            var outcome = await handler.RunAsync(context, cancellationToken);
            (final, message) = outcome.Kind switch
            {
                JobOutcomeKind.Succeeded => (Phase.Succeeded, outcome.Message),
                JobOutcomeKind.PartiallyFailed => (Phase.PartiallyFailed, outcome.Message),
                _ => (Phase.Failed, outcome.Message),
            };
            reason = final == Phase.Succeeded ? null : outcome.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            final = Phase.Cancelled;
            message = "the service stopped while the run was in progress";
        }
        catch (Exception ex)
        {
            final = Phase.Failed;
            reason = $"{ex.GetType().Name}: {ex.Message}";
            activity?.AddException(ex);
            LogRunCrashed(logger, ex, run.Key);
        }
        finally
        {
            DrTelemetry.JobsInProgress.Add(-1, new KeyValuePair<string, object?>("job", firing.Kind));
        }

        await FinishAsync(run.Id, final, message, reason);
        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        DrTelemetry.JobRuns.Add(1, new("job", firing.Kind), new("phase", final.ToString()));
        DrTelemetry.JobDuration.Record(elapsed, new("job", firing.Kind), new("phase", final.ToString()));
        activity?.SetTag("dr.phase", final.ToString());
        activity?.SetStatus(final is Phase.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, reason);
        LogRunFinished(logger, run.Key, final, elapsed, reason ?? message);
        return final;
    }

    /// <summary>Creates (or finds, for a re-delivered firing) the run record and moves it to Running or Skipped.</summary>
    private async Task<JobRunRecord?> ClaimAsync(JobFiring firing, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var run = await db.JobRuns.SingleOrDefaultAsync(r => r.Key == firing.RunKey, cancellationToken);
        if (run is not null && run.Phase.IsTerminal())
        {
            LogAlreadyFinished(logger, run.Key, run.Phase);
            return null;
        }
        if (run is null)
        {
            run = new JobRunRecord
            {
                Key = firing.RunKey,
                Job = firing.Job,
                Application = firing.Application,
                Trigger = firing.ManualId is null ? RunTrigger.Scheduled : RunTrigger.Manual,
                Phase = Phase.Pending,
                ScheduledAt = firing.ScheduledAt,
            };
            db.JobRuns.Add(run);
        }
        else if (!firing.Recovering)
        {
            // Delivered again while its run is still going, and not as the recovery of a dead instance's firing: the
            // run belongs to whoever is running it. Resuming it here would run the handler twice at once.
            LogLostClaim(logger, firing.RunKey);
            return null;
        }
        else
        {
            run.Trigger = RunTrigger.Recovery;
            LogResuming(logger, run.Key, run.Instance, instance.Id);
        }

        var lateBy = now - firing.ScheduledAt;
        if (run.Phase == Phase.Pending && firing.ManualId is null && lateBy > settings.CatchUpWindow)
        {
            PhaseTransitions.EnsureCanMove(run.Key, run.Phase, Phase.Skipped, "skip late firing");
            run.Phase = Phase.Skipped;
            run.EndedAt = now;
            run.Message = $"missed by {lateBy:g}, beyond the catch-up window of {settings.CatchUpWindow:g}; the next firing does the work";
        }
        else
        {
            if (run.Phase != Phase.Running)
            {
                PhaseTransitions.EnsureCanMove(run.Key, run.Phase, Phase.Running, "start");
            }
            run.Phase = Phase.Running;
            run.StartedAt ??= now;
            run.Instance = instance.Id;
            run.Attempts++;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (firing.ManualId is null)
        {
            // Another instance claimed the same firing first (unique run key): it does the work, not us.
            LogLostClaim(logger, firing.RunKey);
            return null;
        }
        return run;
    }

    private async Task FinishAsync(long runId, Phase final, string? message, string? reason)
    {
        // The database may be what failed the run (a PostgreSQL restart): retry for a while rather than leave the
        // run Running for good, which nothing would ever close while this process lives.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOutcomeAsync(runId, final, message, reason);
                return;
            }
            catch (Exception ex) when (attempt < FinishAttempts && ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException { InnerException: System.Data.Common.DbException })
            {
                LogFinishRetry(logger, ex, runId, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, CancellationToken.None);
            }
        }
    }

    /// <summary>Attempts to record a run's outcome (about a minute in all) before giving up.</summary>
    private const int FinishAttempts = 15;

    private async Task WriteOutcomeAsync(long runId, Phase final, string? message, string? reason)
    {
        // Recorded even when the service is stopping: the outcome must not be lost.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var run = await db.JobRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
        PhaseTransitions.EnsureCanMove(run.Key, run.Phase, final, "finish");
        run.Phase = final;
        run.EndedAt = time.GetUtcNow();
        run.Message = message;
        run.FailureReason = reason;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed class RunProgress(IDbContextFactory<DrDbContext> contexts, long runId) : IJobProgress
    {
        public async Task ReportAsync(int done, int total, string? message, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.JobRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.ProgressDone, done).SetProperty(r => r.ProgressTotal, total).SetProperty(r => r.Message, message),
                cancellationToken);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Run {RunKey} finished {Phase} in {Seconds:0.###} s {Detail}")]
    private static partial void LogRunFinished(ILogger logger, string runKey, Phase phase, double seconds, string? detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Run {RunKey} failed with an unexpected error")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception, string runKey);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Run {RunKey} already finished ({Phase}); the re-delivered firing is ignored")]
    private static partial void LogAlreadyFinished(ILogger logger, string runKey, Phase phase);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Resuming run {RunKey} left unfinished by instance {PreviousInstance} (now {Instance})")]
    private static partial void LogResuming(ILogger logger, string runKey, string? previousInstance, string instance);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Recording the outcome of run {RunId} failed (attempt {Attempt}); retrying")]
    private static partial void LogFinishRetry(ILogger logger, Exception exception, long runId, int attempt);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Run {RunKey} was claimed by another instance")]
    private static partial void LogLostClaim(ILogger logger, string runKey);
}
