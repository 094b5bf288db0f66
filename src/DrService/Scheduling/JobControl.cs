using DrService.Storage;
using Quartz;

namespace DrService.Scheduling;

/// <summary>Operator control of jobs: run now. Each request is audited.</summary>
public sealed class JobControl(ISchedulerFactory schedulers, IAuditLog audit, TimeProvider time)
{
    /// <summary>Fires the job now, outside its schedule; returns the run key the firing will use, or null when no such job exists.</summary>
    public async Task<string?> RunNowAsync(string job, string actor, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = new JobKey(job, DrQuartzJob.Group);
        var detail = await scheduler.GetJobDetail(key, cancellationToken);
        if (detail is null)
        {
            return null;
        }
        var manualId = $"{time.GetUtcNow().UtcDateTime:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        await scheduler.TriggerJob(key, new JobDataMap { [DrQuartzJob.ManualKey] = manualId }, cancellationToken);
        var application = detail.JobDataMap.GetString(DrQuartzJob.ApplicationKey);
        await audit.RecordAsync(new AuditEntry(actor, "job.run-now", "accepted", string.IsNullOrEmpty(application) ? null : application, job), cancellationToken);
        return new JobFiring(job, string.Empty, null, default, manualId, false).RunKey;
    }
}
