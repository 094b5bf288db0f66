using DrService.Storage;
using Quartz;

namespace DrService.Scheduling;

/// <summary>
/// Makes the scheduler's persistent store hold exactly the jobs the configuration asks for: adds new ones, updates a
/// changed cron, removes jobs no longer configured. Each change is an audit record (actor <c>system:config</c>).
/// Cron triggers misfire with "fire once now": after downtime one catch-up firing happens, and the runner skips it
/// when it is older than the catch-up window.
/// </summary>
public sealed partial class ScheduleSynchronizer(
    ISchedulerFactory schedulers,
    IEnumerable<IJobDefinitionSource> sources,
    SchedulingSettings settings,
    IAuditLog audit,
    ILogger<ScheduleSynchronizer> logger) : IHostedService
{
    public const string Actor = "system:config";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var desired = sources.SelectMany(s => s.GetJobs()).ToDictionary(j => j.Name, StringComparer.Ordinal);
        var stored = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(DrQuartzJob.Group), Take = PagedQuery.All }, cancellationToken);
        var existing = stored.Items.Select(j => j.Key).ToList();

        foreach (var key in existing.Where(k => !desired.ContainsKey(k.Name)))
        {
            await scheduler.DeleteJob(key, cancellationToken);
            await RecordAsync("schedule.remove", key.Name, null, null, cancellationToken);
        }

        foreach (var job in desired.Values)
        {
            var jobKey = new JobKey(job.Name, DrQuartzJob.Group);
            var triggerKey = new TriggerKey(job.Name, DrQuartzJob.Group);
            var current = await scheduler.GetTrigger(triggerKey, cancellationToken) as ICronTrigger;
            if (current is not null && current.CronExpressionString == job.Cron && current.TimeZone.Id == settings.TimeZone.Id
                && await scheduler.GetJobDetail(jobKey, cancellationToken) is { } storedJob && Matches(storedJob, job))
            {
                continue;
            }
            var detail = JobBuilder.Create<DrQuartzJob>()
                .WithIdentity(jobKey)
                .WithDescription(job.Description)
                .UsingJobData(DrQuartzJob.KindKey, job.Kind)
                .UsingJobData(DrQuartzJob.ApplicationKey, job.Application ?? string.Empty)
                .RequestRecovery()
                .StoreDurably()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(jobKey)
                .WithCronSchedule(job.Cron, c => c.InTimeZone(settings.TimeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
            await RecordAsync(current is null ? "schedule.add" : "schedule.update", job.Name, job.Application, job.Cron, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool Matches(IJobDetail stored, DrJobDefinition job) =>
        stored.JobDataMap.GetString(DrQuartzJob.KindKey) == job.Kind
        && (stored.JobDataMap.GetString(DrQuartzJob.ApplicationKey) ?? string.Empty) == (job.Application ?? string.Empty)
        && stored.Description == job.Description;

    private async Task RecordAsync(string action, string job, string? application, string? cron, CancellationToken cancellationToken)
    {
        LogScheduleChanged(logger, action, job, cron);
        await audit.RecordAsync(new AuditEntry(Actor, action, "succeeded", application, job, cron is null ? null : $"cron: {cron}"), cancellationToken);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Schedule {Action}: {Job} {Cron}")]
    private static partial void LogScheduleChanged(ILogger logger, string action, string job, string? cron);
}
