using System.Text.RegularExpressions;
using DrService.Scheduling;
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
        var key = await Control.RunNowAsync("backup-orders", "alice", CancellationToken.None);

        Assert.NotNull(key);
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

    [GeneratedRegex("^backup-orders-manual-20261128210030-[0-9a-f]{8}$")]
    private static partial Regex ManualKey();
}
