using DrService.Scheduling;
using DrService.Testing;
using DrService.Tests.Storage;

namespace DrService.Tests.Scheduling;

/// <summary>
/// The synchroniser against a real Quartz persistent store, once per provider (PostgreSQL: the clustered store).
/// Each sync runs in a fresh host on the same database, as after a restart with a new configuration.
/// </summary>
public abstract class ScheduleSynchronizerTests : IAsyncLifetime
{
    private const string Paris = "Europe/Paris";

    private static readonly DrJobDefinition Backup = new("backup-orders", "backup", "0 0 * * * ?", "orders", "Backup cycle of orders");
    private static readonly DrJobDefinition Monitoring = new("monitoring", "monitoring", "0 0/1 * * * ?");

    private TestDatabase _database = null!;

    private protected abstract Task<TestDatabase> CreateEmptyDatabaseAsync();

    /// <summary>Whether the store is the clustered one (PostgreSQL: several instances share it).</summary>
    private protected abstract bool Clustered { get; }

    public async Task InitializeAsync() => _database = await CreateEmptyDatabaseAsync();

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StartAsync_EmptyStore_AddsEveryConfiguredJobAndAuditsEachAdd()
    {
        await using var host = await SyncAsync(Paris, Backup, Monitoring);

        var metadata = await (await host.SchedulerAsync()).GetMetadata();
        Assert.Equal((true, Clustered), (metadata.JobStorePersistent, metadata.JobStoreClustered));
        Assert.Equal(
            [
                new StoredJob("backup-orders", "backup", "orders", "0 0 * * * ?", Paris, Durable: true, RequestsRecovery: true),
                new StoredJob(HousekeepingJob.Kind, HousekeepingJob.Kind, null, HousekeepingJob.Cron, Paris, Durable: true, RequestsRecovery: true),
                new StoredJob("monitoring", "monitoring", null, "0 0/1 * * * ?", Paris, Durable: true, RequestsRecovery: true),
            ],
            await host.StoredJobsAsync());
        var audit = await host.AuditAsync();
        Assert.Equal(
            [
                ("schedule.add", "backup-orders", "orders", "cron: 0 0 * * * ?"),
                ("schedule.add", HousekeepingJob.Kind, null, $"cron: {HousekeepingJob.Cron}"),
                ("schedule.add", "monitoring", null, "cron: 0 0/1 * * * ?"),
            ],
            audit.Select(a => (a.Action, a.Target!, a.Application, a.Details)).OrderBy(a => a.Item2, StringComparer.Ordinal));
        Assert.All(audit, a => Assert.Equal((ScheduleSynchronizer.Actor, "succeeded"), (a.Actor, a.Result)));
        Assert.Equal("system:config", ScheduleSynchronizer.Actor);
    }

    [Fact]
    public async Task StartAsync_SameConfigurationAgain_ChangesNothingAndWritesNoAudit()
    {
        List<StoredJob> before;
        int audited;
        await using (var first = await SyncAsync(Paris, Backup, Monitoring))
        {
            before = await first.StoredJobsAsync();
            audited = (await first.AuditAsync()).Count;
        }

        await using var second = await SyncAsync(Paris, Backup, Monitoring);

        Assert.Equal(before, await second.StoredJobsAsync());
        Assert.Equal(audited, (await second.AuditAsync()).Count);
    }

    [Theory]
    [InlineData("0 15 * * * ?", Paris)]
    [InlineData("0 0 * * * ?", "UTC")]
    public async Task StartAsync_ChangedCronOrTimeZone_UpdatesTriggerAndAuditsUpdate(string cron, string timeZone)
    {
        await using (await SyncAsync(Paris, Backup, Monitoring))
        {
        }

        await using var host = await SyncAsync(timeZone, Backup with { Cron = cron }, Monitoring);

        var backup = Assert.Single(await host.StoredJobsAsync(), j => j.Name == Backup.Name);
        Assert.Equal((cron, timeZone), (backup.Cron, backup.TimeZone));
        var changes = (await host.AuditAsync()).Where(a => a.Action != "schedule.add").ToList();
        if (timeZone == Paris)
        {
            var update = Assert.Single(changes);
            Assert.Equal(("schedule.update", "backup-orders", "orders", $"cron: {cron}", ScheduleSynchronizer.Actor), (update.Action, update.Target, update.Application, update.Details, update.Actor));
        }
        else
        {
            // A new time zone moves every trigger.
            Assert.Equal(3, changes.Count);
            Assert.All(changes, a => Assert.Equal("schedule.update", a.Action));
        }
    }

    [Fact]
    public async Task StartAsync_SameCronButOtherApplication_UpdatesTheJobData()
    {
        await using (await SyncAsync(Paris, Backup, Monitoring))
        {
        }

        await using var host = await SyncAsync(Paris, Backup with { Application = "billing" }, Monitoring);

        var scheduler = await host.SchedulerAsync();
        var detail = await scheduler.GetJobDetail(new Quartz.JobKey(Backup.Name, DrQuartzJob.Group));
        Assert.Equal("billing", detail!.JobDataMap[DrQuartzJob.ApplicationKey]);
        var update = Assert.Single(await host.AuditAsync(), a => a.Action != "schedule.add");
        Assert.Equal(("schedule.update", "backup-orders", "billing"), (update.Action, update.Target, update.Application));
    }

    [Fact]
    public async Task StartAsync_JobNoLongerConfigured_DeletesItAndAuditsRemove()
    {
        await using (await SyncAsync(Paris, Backup, Monitoring))
        {
        }

        await using var host = await SyncAsync(Paris, Monitoring);

        Assert.Equal([HousekeepingJob.Kind, "monitoring"], (await host.StoredJobsAsync()).Select(j => j.Name));
        Assert.Null(await (await host.SchedulerAsync()).GetTrigger(new Quartz.TriggerKey(Backup.Name, DrQuartzJob.Group)));
        var remove = Assert.Single(await host.AuditAsync(), a => a.Action != "schedule.add");
        Assert.Equal(("schedule.remove", "backup-orders", ScheduleSynchronizer.Actor, "succeeded"), (remove.Action, remove.Target, remove.Actor, remove.Result));
    }

    private async Task<SchedulerTestHost> SyncAsync(string timeZone, params DrJobDefinition[] jobs)
    {
        var host = await SchedulerTestHost.CreateAsync(_database.Connection, timeZone, jobs);
        await host.SyncAsync();
        return host;
    }
}

public sealed class SqliteScheduleSynchronizerTests : ScheduleSynchronizerTests
{
    private protected override bool Clustered => false;

    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresScheduleSynchronizerTests(PostgresFixture postgres) : ScheduleSynchronizerTests
{
    private protected override bool Clustered => true;

    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => TestDatabase.PostgresAsync(postgres.Server);
}
