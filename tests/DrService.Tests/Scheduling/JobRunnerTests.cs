using DrService.Runbooks.Lifecycle;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Scheduling;

public sealed class JobRunnerTests : IAsyncLifetime
{
    private const string Kind = "test-backup";
    private const string Job = "backup-orders";
    private const string ThisInstance = "node-b";

    /// <summary>The firing under test was due at 21:00:00; the runner picks it up 30 s later.</summary>
    private static readonly DateTimeOffset FireTime = new(2026, 11, 28, 21, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = FireTime.AddSeconds(30);
    private static readonly TimeSpan CatchUpWindow = TimeSpan.FromMinutes(10);
    private static readonly string RunKey = $"{Job}-20261128210000";

    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestJobHandler _handler = new();
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = _database.BuildServices(_time, s => s
            .AddSingleton(new ServiceInstance(ThisInstance))
            .AddSingleton(new SchedulingSettings(CatchUpWindow, TimeZoneInfo.Utc))
            .AddSingleton<JobRunner>()
            .AddKeyedSingleton<IJobHandler>(Kind, _handler));
        await _services.MigrateDrDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
    }

    private JobRunner Runner => _services.GetRequiredService<JobRunner>();

    [Fact]
    public async Task RunAsync_NewFiring_RecordsOneSucceededRunTimedByTheClock()
    {
        _handler.Behaviour = (_, _) =>
        {
            _time.Advance(TimeSpan.FromMinutes(5));
            return Task.FromResult(JobOutcome.Succeeded("3 snapshots"));
        };

        var phase = await Runner.RunAsync(Scheduled(), CancellationToken.None);

        Assert.Equal(Phase.Succeeded, phase);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal(
            (RunKey, Job, "orders", RunTrigger.Scheduled, Phase.Succeeded, FireTime, Now, Now.AddMinutes(5), 1, ThisInstance),
            (run.Key, run.Job, run.Application, run.Trigger, run.Phase, run.ScheduledAt, run.StartedAt, run.EndedAt, run.Attempts, run.Instance));
        Assert.Equal(("3 snapshots", null), (run.Message, run.FailureReason));
        var context = Assert.Single(_handler.Contexts);
        Assert.Equal((RunKey, Job, "orders", FireTime, false), (context.RunKey, context.Job, context.Application, context.ScheduledAt, context.Resumed));
    }

    [Theory]
    [InlineData(JobOutcomeKind.Succeeded, false)]
    [InlineData(JobOutcomeKind.Succeeded, true)]
    [InlineData(JobOutcomeKind.PartiallyFailed, false)]
    [InlineData(JobOutcomeKind.Failed, true)]
    public async Task RunAsync_FinishedFiringDeliveredAgain_DoesNotCallHandlerAgain(JobOutcomeKind outcome, bool redeliveredAsRecovery)
    {
        _handler.Behaviour = (_, _) => Task.FromResult(new JobOutcome(outcome, "first run"));
        await Runner.RunAsync(Scheduled(), CancellationToken.None);
        var first = Assert.Single(await RunsAsync());
        _time.Advance(TimeSpan.FromMinutes(1));

        var phase = await Runner.RunAsync(Scheduled(recovering: redeliveredAsRecovery), CancellationToken.None);

        Assert.Null(phase);
        Assert.Equal(1, _handler.Calls);
        var again = Assert.Single(await RunsAsync());
        Assert.Equal((first.Phase, first.EndedAt, first.Attempts, first.Trigger), (again.Phase, again.EndedAt, again.Attempts, again.Trigger));
    }

    [Fact]
    public async Task RunAsync_RecoveryFiringOfRunLeftRunning_ResumesItOnce()
    {
        var crashedStart = FireTime.AddSeconds(1);
        await InsertAsync(new JobRunRecord
        {
            Key = RunKey,
            Job = Job,
            Application = "orders",
            Trigger = RunTrigger.Scheduled,
            Phase = Phase.Running,
            ScheduledAt = FireTime,
            StartedAt = crashedStart,
            Instance = "node-a",
            Attempts = 1,
            ProgressDone = 2,
            ProgressTotal = 5,
        });

        var phase = await Runner.RunAsync(Scheduled(recovering: true), CancellationToken.None);

        Assert.Equal(Phase.Succeeded, phase);
        Assert.Equal(1, _handler.Calls);
        Assert.True(Assert.Single(_handler.Contexts).Resumed);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal(
            (Phase.Succeeded, RunTrigger.Recovery, 2, ThisInstance, crashedStart, Now),
            (run.Phase, run.Trigger, run.Attempts, run.Instance, run.StartedAt, run.EndedAt));
    }

    [Theory]
    [InlineData(false, 0, Phase.Succeeded)]
    [InlineData(false, 600, Phase.Succeeded)] // exactly the window: still caught up
    [InlineData(false, 601, Phase.Skipped)]
    [InlineData(false, 86_400, Phase.Skipped)]
    [InlineData(true, 601, Phase.Succeeded)] // an operator asked for it: never skipped
    [InlineData(true, 86_400, Phase.Succeeded)]
    public async Task RunAsync_FiringLateBy_SkipsOnlyScheduledFiringsBeyondCatchUpWindow(bool manual, int lateSeconds, Phase expected)
    {
        var scheduledAt = Now.AddSeconds(-lateSeconds);
        var firing = manual ? Manual(scheduledAt) : Scheduled(scheduledAt);

        var phase = await Runner.RunAsync(firing, CancellationToken.None);

        Assert.Equal(expected, phase);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((firing.RunKey, expected, manual ? RunTrigger.Manual : RunTrigger.Scheduled), (run.Key, run.Phase, run.Trigger));
        if (expected == Phase.Skipped)
        {
            Assert.Equal(0, _handler.Calls);
            Assert.Equal((null, Now, 0), (run.StartedAt, run.EndedAt, run.Attempts));
            Assert.Contains("beyond the catch-up window", run.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, _handler.Calls);
            Assert.Equal((Now, 1), (run.StartedAt, run.Attempts));
        }
    }

    [Theory]
    [InlineData(JobOutcomeKind.Succeeded, "all 4 volumes copied", Phase.Succeeded, null)]
    [InlineData(JobOutcomeKind.PartiallyFailed, "1 of 4 volumes failed: vol-1 AccessDenied", Phase.PartiallyFailed, "1 of 4 volumes failed: vol-1 AccessDenied")]
    [InlineData(JobOutcomeKind.Failed, "the DR region is unreachable", Phase.Failed, "the DR region is unreachable")]
    public async Task RunAsync_HandlerOutcome_IsRecordedWithItsReason(JobOutcomeKind outcome, string message, Phase expected, string? reason)
    {
        _handler.Behaviour = (_, _) => Task.FromResult(new JobOutcome(outcome, message));

        var phase = await Runner.RunAsync(Scheduled(), CancellationToken.None);

        Assert.Equal(expected, phase);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((expected, message, reason, Now), (run.Phase, run.Message, run.FailureReason, run.EndedAt));
    }

    public static TheoryData<Exception, string> HandlerExceptions => new()
    {
        { new InvalidOperationException("volume vol-1 not found"), "InvalidOperationException: volume vol-1 not found" },
        { new TimeoutException("EC2 did not answer"), "TimeoutException: EC2 did not answer" },
        // A timeout inside the handler, not the shutdown token: a failure, not a cancellation.
        { new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"), "TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout" },
    };

    [Theory]
    [MemberData(nameof(HandlerExceptions))]
    public async Task RunAsync_HandlerThrows_FailedWithTypeAndMessage(Exception thrown, string reason)
    {
        _handler.Behaviour = (_, _) => Task.FromException<JobOutcome>(thrown);

        var phase = await Runner.RunAsync(Scheduled(), CancellationToken.None);

        Assert.Equal(Phase.Failed, phase);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((Phase.Failed, reason, Now), (run.Phase, run.FailureReason, run.EndedAt));
    }

    [Fact]
    public async Task RunAsync_TokenCancelledMidRun_CancelledNeverFailed()
    {
        using var shutdown = new CancellationTokenSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Behaviour = async (_, ct) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return JobOutcome.Succeeded();
        };

        var running = Runner.RunAsync(Scheduled(), shutdown.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(7));
        await shutdown.CancelAsync();
        var phase = await running;

        Assert.Equal(Phase.Cancelled, phase);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((Phase.Cancelled, null, Now.AddSeconds(7)), (run.Phase, run.FailureReason, run.EndedAt));
        Assert.Contains("stopped", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HandlerReportsProgress_PersistsDoneAndTotalOnTheRecord()
    {
        JobRunRecord? midRun = null;
        _handler.Behaviour = async (context, ct) =>
        {
            await context.Progress.ReportAsync(3, 10, "3 of 10 volumes", ct);
            midRun = Assert.Single(await RunsAsync());
            await context.Progress.ReportAsync(10, 10, "10 of 10 volumes", ct);
            return JobOutcome.Succeeded("copied");
        };

        await Runner.RunAsync(Scheduled(), CancellationToken.None);

        Assert.NotNull(midRun);
        Assert.Equal((Phase.Running, 3, 10, "3 of 10 volumes"), (midRun.Phase, midRun.ProgressDone, midRun.ProgressTotal, midRun.Message));
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((Phase.Succeeded, 10, 10), (run.Phase, run.ProgressDone, run.ProgressTotal));
    }

    [Fact]
    public async Task RunAsync_TwoRunnersClaimSameFiringConcurrently_HandlerRunsOnce()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Behaviour = async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
            return JobOutcome.Succeeded();
        };
        using var start = new Barrier(2);

        var runners = new[]
        {
            Task.Run(() => { start.SignalAndWait(); return Runner.RunAsync(Scheduled(), CancellationToken.None); }),
            Task.Run(() => { start.SignalAndWait(); return Runner.RunAsync(Scheduled(), CancellationToken.None); }),
        };
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The runner that lost the claim returns without calling the handler, while the winner is still inside it.
        await Task.WhenAny(runners).WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await Task.WhenAll(runners);

        Assert.Equal(1, _handler.Calls);
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((Phase.Succeeded, 1, RunTrigger.Scheduled), (run.Phase, run.Attempts, run.Trigger));
    }

    [Fact]
    public async Task RunAsync_SameFiringDeliveredWhileItsRunIsGoing_DoesNotRunItTwice()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Behaviour = async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
            return JobOutcome.Succeeded();
        };
        var first = Runner.RunAsync(Scheduled(), CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await Runner.RunAsync(Scheduled(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var duringFirst = Assert.Single(await RunsAsync());
        release.SetResult();
        await first;

        Assert.Equal(1, _handler.Calls);
        Assert.Equal((Phase.Running, 1, RunTrigger.Scheduled, ThisInstance), (duringFirst.Phase, duringFirst.Attempts, duringFirst.Trigger, duringFirst.Instance));
        Assert.Equal(Phase.Succeeded, Assert.Single(await RunsAsync()).Phase);
    }

    private static JobFiring Scheduled(DateTimeOffset? at = null, bool recovering = false) =>
        new(Job, Kind, "orders", at ?? FireTime, ManualId: null, recovering);

    private static JobFiring Manual(DateTimeOffset at) =>
        new(Job, Kind, "orders", at, ManualId: "20261128210030-0a1b2c3d", Recovering: false);

    private async Task<List<JobRunRecord>> RunsAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.JobRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    private async Task InsertAsync(JobRunRecord run)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        db.JobRuns.Add(run);
        await db.SaveChangesAsync();
    }
}
