using System.Text.RegularExpressions;
using DrService.Runbooks.Lifecycle;
using DrService.Scheduling;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using DrService.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace DrService.Tests.Scheduling;

public sealed partial class JobControlTests : IAsyncLifetime
{
    private static readonly DrJobDefinition Backup = new("backup-orders", "backup", "0 0 * * * ?", "orders");

    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 21, 0, 30, TimeSpan.Zero));
    private SchedulerTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await SchedulerTestHost.CreateAsync(_database.Connection, "UTC", [Backup], _time);
        await _host.SyncAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _database.Dispose();
    }

    private JobControl Control => _host.Services.GetRequiredService<JobControl>();

    [Fact]
    public async Task RunNowAsync_UnknownJob_ReturnsNullAndAuditsNothing()
    {
        var audited = (await _host.AuditAsync()).Count;

        var key = await Control.RunNowAsync("no-such-job", "alice", CancellationToken.None);

        Assert.Null(key);
        Assert.Equal(audited, (await _host.AuditAsync()).Count);
    }

    [Fact]
    public async Task RunNowAsync_KnownJob_ReturnsManualRunKeyTriggersTheJobAndAudits()
    {
        var run = await Control.RunNowAsync("backup-orders", "alice", CancellationToken.None);

        Assert.NotNull(run);
        Assert.False(run.Coalesced);
        var key = run.RunKey;
        Assert.Matches(ManualKey(), key);
        var audit = (await _host.AuditAsync()).Last();
        Assert.Equal(
            ("alice", "job.run-now", "accepted", "orders", "backup-orders", _time.GetUtcNow()),
            (audit.Actor, audit.Action, audit.Result, audit.Application, audit.Target, audit.At));
        // The one-off trigger carries the manual id the run key is made of, so the firing maps to that key.
        var scheduler = await _host.SchedulerAsync();
        var triggers = await scheduler.GetTriggersOfJob(new JobKey("backup-orders", DrQuartzJob.Group));
        var manualIds = triggers.Select(t => t.JobDataMap.GetString(DrQuartzJob.ManualKey)).OfType<string>();
        Assert.Equal(key, $"backup-orders-manual-{Assert.Single(manualIds)}");
    }

    /// <remarks>Issue 14, item 18: six requests had queued six full cycles (and six sets of source backups).</remarks>
    [Fact]
    public async Task RunNowAsync_SixConcurrentRequests_OneFiringAndEveryAnswerItsRunKey()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Control.RunNowAsync("backup-orders", $"user-{i}", CancellationToken.None))));

        var key = Assert.Single(runs.Select(r => r!.RunKey).Distinct());
        Assert.Equal(1, runs.Count(r => !r!.Coalesced));
        var triggers = await (await _host.SchedulerAsync()).GetTriggersOfJob(new JobKey("backup-orders", DrQuartzJob.Group));
        Assert.Equal(key, $"backup-orders-manual-{Assert.Single(triggers.Select(t => t.JobDataMap.GetString(DrQuartzJob.ManualKey)).OfType<string>())}");
        var audit = await _host.AuditAsync();
        Assert.Equal((1, 5), (audit.Count(a => a.Result == "accepted"), audit.Count(a => a.Result == "coalesced")));
    }

    [Theory]
    [InlineData(Phase.Running, true)]
    [InlineData(Phase.Succeeded, false)]
    public async Task RunNowAsync_ScheduledRunOfTheJob_CoalescesOnlyWhileItIsNotFinished(Phase phase, bool coalesced)
    {
        const string scheduledKey = "backup-orders-20261128210000";
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync())
        {
            db.JobRuns.Add(new JobRunRecord
            {
                Key = scheduledKey, Job = "backup-orders", Application = "orders", Trigger = RunTrigger.Scheduled, Phase = phase,
                ScheduledAt = _time.GetUtcNow().AddSeconds(-30), StartedAt = _time.GetUtcNow().AddSeconds(-30),
                EndedAt = phase == Phase.Running ? null : _time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        var run = await Control.RunNowAsync("backup-orders", "alice", CancellationToken.None);

        Assert.Equal(coalesced, run!.Coalesced);
        Assert.Equal(coalesced, run.RunKey == scheduledKey);
        var triggers = await (await _host.SchedulerAsync()).GetTriggersOfJob(new JobKey("backup-orders", DrQuartzJob.Group));
        Assert.Equal(coalesced ? 0 : 1, triggers.Count(t => t.JobDataMap.GetString(DrQuartzJob.ManualKey) is not null));
    }

    /// <remarks>Quartz removes a fired trigger only after the job returns, when the run is already recorded finished.</remarks>
    [Fact]
    public async Task RunNowAsync_TriggerOfAFinishedRunStillStored_StartsANewRun()
    {
        var first = await Control.RunNowAsync("backup-orders", "alice", CancellationToken.None);
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync())
        {
            db.JobRuns.Add(new JobRunRecord
            {
                Key = first!.RunKey, Job = "backup-orders", Application = "orders", Trigger = RunTrigger.Manual, Phase = Phase.Succeeded,
                ScheduledAt = _time.GetUtcNow(), StartedAt = _time.GetUtcNow(), EndedAt = _time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        var second = await Control.RunNowAsync("backup-orders", "alice", CancellationToken.None);

        Assert.False(second!.Coalesced);
        Assert.NotEqual(first.RunKey, second.RunKey);
    }

    [GeneratedRegex("^backup-orders-manual-20261128210030-[0-9a-f]{8}$")]
    private static partial Regex ManualKey();
}
