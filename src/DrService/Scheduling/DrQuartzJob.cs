using Quartz;

namespace DrService.Scheduling;

/// <summary>
/// The one thin Quartz job: it only hands the firing to <see cref="JobRunner"/>. Never two at once for the same job
/// (across a cluster too), and re-fired on a surviving node when the node running it dies.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DrQuartzJob(JobRunner runner) : IJob
{
    public const string KindKey = "kind";
    public const string ApplicationKey = "application";
    public const string ManualKey = "manual";
    public const string Group = "drservice";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var firing = new JobFiring(
            Job: context.JobDetail.Key.Name,
            Kind: data.GetString(KindKey) ?? context.JobDetail.Key.Name,
            Application: data.GetString(ApplicationKey),
            ScheduledAt: OriginalScheduledTime(context),
            ManualId: data.GetString(ManualKey),
            Recovering: context.Recovering);
        await runner.RunAsync(firing, cancellationToken);
    }

    /// <summary>
    /// The firing's scheduled time; for a recovery firing (the node running it died) the original firing's time, so
    /// that the recovered firing maps to the same run record.
    /// </summary>
    private static DateTimeOffset OriginalScheduledTime(IJobExecutionContext context)
    {
        if (context.Recovering
            && context.MergedJobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime) is { } original
            && long.TryParse(original, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }
}

/// <summary>One firing of a job, as the runner sees it.</summary>
public sealed record JobFiring(string Job, string Kind, string? Application, DateTimeOffset ScheduledAt, string? ManualId, bool Recovering)
{
    /// <summary>Deterministic run key: the same firing always maps to the same run record.</summary>
    public string RunKey => ManualId is null
        ? $"{Job}-{ScheduledAt.UtcDateTime:yyyyMMddHHmmss}"
        : $"{Job}-manual-{ManualId}";
}
