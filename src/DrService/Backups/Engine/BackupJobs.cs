using DrService.Configuration;
using DrService.Scheduling;
using Microsoft.Extensions.Options;

namespace DrService.Backups.Engine;

/// <summary>
/// One Quartz job per application, <c>backup-{application}</c>, on the application's cron (or the global one); its
/// handler runs a <see cref="BackupCycle"/> and turns the result into the run's outcome.
/// </summary>
public sealed class BackupJobs(IOptions<DrOptions> options, BackupCycle cycle) : IJobDefinitionSource, IJobHandler
{
    public const string Kind = "backup";

    public static string JobName(string application) => $"{Kind}-{application}";

    public IEnumerable<DrJobDefinition> GetJobs() =>
        options.Value.Applications.Select(a => new DrJobDefinition(
            JobName(a.Key), Kind, a.Value.Schedule.BackupOr(options.Value.Schedules), a.Key,
            $"Cross-region copies of {a.Value.DisplayNameOr(a.Key)} with retention and RPO"));

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = context.Application ?? throw new InvalidOperationException($"Run {context.RunKey} names no application.");
        var result = await cycle.RunAsync(application, context, cancellationToken);
        var summary = $"{result.CopiesIssued} copies issued, {result.CopiesCompleted} completed, {result.CopiesDeleted} removed by retention; worst RPO {result.WorstRpo}";
        if (result.Failures.Count == 0)
        {
            return JobOutcome.Succeeded(summary);
        }
        var failures = string.Join("; ", result.Failures.Take(10).Select(f => $"{f.Kind} {f.ResourceId}: {f.Code}"))
            + (result.Failures.Count > 10 ? $"; and {result.Failures.Count - 10} more" : string.Empty);
        // Failed only when every resource failed (or none was found) and nothing was copied; a kind-wide "*" failure
        // (nothing selected) beside healthy resources is a partial failure.
        var failedResources = result.Failures.Where(f => f.ResourceId != "*").Select(f => (f.Kind, f.ResourceId)).Distinct().Count();
        var allFailed = result.Resources == 0 || failedResources >= result.Resources;
        return allFailed && result.CopiesCompleted == 0
            ? JobOutcome.Failed($"{summary}; failures: {failures}")
            : JobOutcome.PartiallyFailed($"{summary}; failures: {failures}");
    }
}
