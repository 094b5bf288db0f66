using DrService.Configuration;
using DrService.Scheduling;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DrService.Tests.Scheduling;

/// <summary>A job as the Quartz store holds it.</summary>
internal sealed record StoredJob(string Name, string? Kind, string? Application, string? Cron, string? TimeZone, bool Durable, bool RequestsRecovery);

/// <summary>
/// One "process" of the service as far as scheduling goes: storage and scheduling registered as the host registers
/// them, on a given database and configuration. The host is built but never started, and neither is the scheduler:
/// the store is read and written in standby, nothing fires.
/// </summary>
internal sealed class SchedulerTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SchedulerTestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<SchedulerTestHost> CreateAsync(StorageConnection connection, string timeZone, IEnumerable<DrJobDefinition> jobs, TimeProvider? time = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddDrStorage(connection);
        builder.Services.AddDrScheduling(connection, new SchedulesOptions { TimeZone = timeZone }, new ServiceInstance($"test-{Guid.NewGuid():N}"));
        builder.Services.AddSingleton<IJobDefinitionSource>(new ConfiguredJobs([.. jobs]));
        var host = builder.Build();
        await host.Services.MigrateDrDatabaseAsync();
        return new SchedulerTestHost(host);
    }

    /// <summary>What the host does at start-up: make the store hold the configured jobs.</summary>
    public Task SyncAsync() =>
        Services.GetServices<IHostedService>().OfType<ScheduleSynchronizer>().Single().StartAsync(CancellationToken.None);

    public async Task<IScheduler> SchedulerAsync() => await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    public async Task<List<StoredJob>> StoredJobsAsync()
    {
        var scheduler = await SchedulerAsync();
        var page = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(DrQuartzJob.Group), Take = PagedQuery.All });
        var jobs = new List<StoredJob>();
        foreach (var key in page.Items.Select(j => j.Key))
        {
            var detail = await scheduler.GetJobDetail(key) ?? throw new InvalidOperationException($"{key} vanished");
            var trigger = await scheduler.GetTrigger(new TriggerKey(key.Name, DrQuartzJob.Group)) as ICronTrigger;
            var application = detail.JobDataMap.GetString(DrQuartzJob.ApplicationKey);
            jobs.Add(new StoredJob(
                key.Name,
                detail.JobDataMap.GetString(DrQuartzJob.KindKey),
                string.IsNullOrEmpty(application) ? null : application,
                trigger?.CronExpressionString,
                trigger?.TimeZone.Id,
                detail.Durable,
                detail.RequestsRecovery));
        }
        return [.. jobs.OrderBy(j => j.Name, StringComparer.Ordinal)];
    }

    public async Task<List<AuditRecord>> AuditAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await (await SchedulerAsync()).Shutdown(waitForJobsToComplete: false);
        _host.Dispose();
    }

    private sealed class ConfiguredJobs(IReadOnlyList<DrJobDefinition> jobs) : IJobDefinitionSource
    {
        public IEnumerable<DrJobDefinition> GetJobs() => jobs;
    }
}
