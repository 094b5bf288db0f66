using DrService.Configuration;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Hosting;
using DrService.Scheduling;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Drills;

/// <summary>
/// One Quartz job per application with <c>Recovery:DrillSchedule</c>, <c>drill-{application}</c>: the handler
/// starts a drill with the run's key as the request key, so a firing re-delivered after a crash never starts two.
/// </summary>
public sealed class DrillJobs(IOptions<DrOptions> options, RunbookService runbooks) : IJobDefinitionSource, IJobHandler
{
    public const string Kind = "drill";

    public const string Actor = "system:schedule";

    public static string JobName(string application) => $"{Kind}-{application}";

    public IEnumerable<DrJobDefinition> GetJobs() =>
        options.Value.Applications
            .Where(a => !string.IsNullOrWhiteSpace(ApplicationRunbooks.DrillSchedule(a.Value)))
            .Select(a => new DrJobDefinition(JobName(a.Key), Kind, ApplicationRunbooks.DrillSchedule(a.Value)!, a.Key,
                $"Scheduled drill of {a.Value.DisplayNameOr(a.Key)}"));

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = context.Application ?? throw new InvalidOperationException($"Run {context.RunKey} names no application.");
        try
        {
            var execution = await runbooks.StartAsync(new StartRunbook(null, application, ExecutionMode.Drill, Actor, context.RunKey, RunbookPurpose.Drill, AcceptProblems: true), cancellationToken);
            return JobOutcome.Succeeded($"drill {execution.Id} started");
        }
        catch (ExecutionConflictException ex)
        {
            return JobOutcome.Succeeded($"drill already started for this firing: {ex.ExistingExecutionId}");
        }
    }
}
