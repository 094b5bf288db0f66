using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Scheduling;

/// <summary>
/// The service's own housekeeping, daily: removes finished job-run records older than the history window.
/// Audit records are never removed.
/// </summary>
public sealed class HousekeepingJob(IDbContextFactory<DrDbContext> contexts, TimeProvider time) : IJobHandler, IJobDefinitionSource
{
    public const string Kind = "housekeeping";

    /// <summary>Daily at 03:17 in the scheduler's time zone (off the hour, away from backup schedules).</summary>
    public const string Cron = "0 17 3 * * ?";

    /// <summary>Finished runs are kept this long.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    private static readonly Phase[] Terminal = [.. Enum.GetValues<Phase>().Where(p => p.IsTerminal())];

    public IEnumerable<DrJobDefinition> GetJobs() =>
        [new DrJobDefinition(Kind, Kind, Cron, Description: "Removes finished job-run records older than 90 days")];

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cutoff = time.GetUtcNow() - History;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The run key, not the time stamp, keeps this run's own record out of reach.
        var removed = await db.JobRuns
            .Where(r => Terminal.Contains(r.Phase) && r.EndedAt != null && r.EndedAt < cutoff && r.Key != context.RunKey)
            .ExecuteDeleteAsync(cancellationToken);
        return JobOutcome.Succeeded($"removed {removed} run record(s) finished before {cutoff:u}");
    }
}
