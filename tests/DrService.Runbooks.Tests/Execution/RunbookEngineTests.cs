using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Tests.Support;
using static DrService.Runbooks.Tests.Support.Build;

namespace DrService.Runbooks.Tests.Execution;

public sealed class RunbookEngineTests
{
    private readonly RecordingStore store = new(new InMemoryExecutionStore(TimeProvider.System));
    private readonly ExecutionSignals signals = new();

    private RunbookEngine Engine(TestCatalog catalog, RunbookEngineOptions? options = null) =>
        new(store, catalog, options ?? Options(), TimeProvider.System, signals);

    private async Task<IReadOnlyList<JournalEntry>> Journal(string id) => await store.ReadJournalAsync(id, 0, default);

    [Fact]
    public async Task RunAsync_ParallelBranches_RunAtTheSameTime()
    {
        var arrived = 0;
        var bothThere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var branch = new TestAction("test.branch")
        {
            Before = async (_, ct) =>
            {
                if (Interlocked.Increment(ref arrived) == 2)
                {
                    bothThere.TrySetResult();
                }
                await bothThere.Task.WaitAsync(TimeSpan.FromSeconds(5), ct); // a barrier: times out unless both run at once
            },
        };
        var work = new TestAction("test.work");
        var runbook = Runbook(Step("a"), Step("b", "test.branch", "a"), Step("c", "test.branch", "a"), Step("d", "test.work", "b", "c"));
        var execution = await CreateAsync(store, runbook);

        var phase = await Engine(new TestCatalog(branch, work)).RunAsync(execution.Id, "owner-1", default).Bounded();

        Assert.Equal(Phase.Succeeded, phase);
        Assert.Equal(2, branch.TotalEffects);
        Assert.Equal(2, work.TotalEffects);
        var journal = await Journal(execution.Id);
        var startD = journal.Single(e => e.Kind == JournalEntryKind.StepStarting && e.StepId == "d").Sequence;
        Assert.All(journal.Where(e => e.Kind == JournalEntryKind.StepSucceeded && e.StepId is "b" or "c"), e => Assert.True(e.Sequence < startD));
        Assert.Equal(Phase.Succeeded, (await store.GetAsync(execution.Id, default))!.Phase);
    }

    [Fact]
    public async Task RunAsync_RetryableFailures_RetriedUntilSuccess_WithAttemptsJournalled()
    {
        var flaky = new TestAction("test.flaky") { FailFirst = 2 };
        var runbook = Runbook(Step("a", "test.flaky") with { Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(5)) });
        var execution = await CreateAsync(store, runbook);

        var phase = await Engine(new TestCatalog(flaky)).RunAsync(execution.Id, "o", default).Bounded();

        Assert.Equal(Phase.Succeeded, phase);
        var journal = await Journal(execution.Id);
        Assert.Equal([1, 2, 3], journal.Where(e => e.Kind == JournalEntryKind.StepStarting).Select(e => e.Attempt));
        Assert.Equal([2, 3], journal.Where(e => e.Kind == JournalEntryKind.StepRetryScheduled).Select(e => e.Attempt));
        Assert.All(journal.Where(e => e.Kind == JournalEntryKind.StepRetryScheduled), e => Assert.Equal("InvalidOperationException", e.Code));
        Assert.Equal(3, flaky.ExecuteCalls);
        Assert.Equal(1, flaky.EffectsOf(execution.Id, "a"));
    }

    [Fact]
    public async Task RunAsync_RetriesExhausted_FailsTheExecution()
    {
        var flaky = new TestAction("test.flaky") { FailFirst = 5 };
        var execution = await CreateAsync(store, Runbook(Step("a", "test.flaky") with { Retry = new RetryPolicy(2, TimeSpan.Zero) }));

        var phase = await Engine(new TestCatalog(flaky)).RunAsync(execution.Id, "o", default).Bounded();

        Assert.Equal(Phase.Failed, phase);
        Assert.Equal(2, flaky.ExecuteCalls);
        var failed = Assert.Single(await Journal(execution.Id), e => e.Kind == JournalEntryKind.StepFailed);
        Assert.Equal(2, failed.Attempt);
        Assert.Contains("Step 'a' failed", (await store.GetAsync(execution.Id, default))!.Error);
    }

    [Fact]
    public async Task RunAsync_NotRetryableFailure_StopsRetryingAtOnce()
    {
        var broken = new TestAction("test.broken") { FailFirst = 5, Retryable = false };
        var execution = await CreateAsync(store, Runbook(Step("a", "test.broken") with { Retry = new RetryPolicy(5, TimeSpan.Zero) }));

        var phase = await Engine(new TestCatalog(broken)).RunAsync(execution.Id, "o", default).Bounded();

        Assert.Equal(Phase.Failed, phase);
        Assert.Equal(1, broken.ExecuteCalls);
        Assert.Equal("Broken", Assert.Single(await Journal(execution.Id), e => e.Kind == JournalEntryKind.StepFailed).Code);
    }

    [Fact]
    public async Task RunAsync_AttemptOverItsTimeout_FailsWithCodeTimeout()
    {
        var slow = new TestAction("test.slow") { Duration = TimeSpan.FromSeconds(30) };
        var runbook = Runbook(Step("a", "test.slow") with { Timeout = TimeSpan.FromMilliseconds(50), Retry = new RetryPolicy(2, TimeSpan.Zero) });
        var execution = await CreateAsync(store, runbook);

        var phase = await Engine(new TestCatalog(slow)).RunAsync(execution.Id, "o", default).Bounded();

        Assert.Equal(Phase.Failed, phase);
        var journal = await Journal(execution.Id);
        Assert.Equal(2, journal.Count(e => e.Kind == JournalEntryKind.StepStarting));
        Assert.Equal("Timeout", Assert.Single(journal, e => e.Kind == JournalEntryKind.StepRetryScheduled).Code);
        Assert.Equal("Timeout", Assert.Single(journal, e => e.Kind == JournalEntryKind.StepFailed).Code);
        Assert.Equal(2, slow.CancelledCalls);
        Assert.Equal(0, slow.TotalEffects);
    }

    [Fact]
    public async Task RunAsync_TimedOutAttemptSlowToStop_RetryWaitsForItSoAttemptsNeverOverlap()
    {
        // An action that takes 150 ms to notice its token (an SDK call finishing its request): the retry must not start
        // while the timed-out attempt may still be calling AWS.
        var running = 0;
        var peak = 0;
        var slow = new TestAction("test.slow")
        {
            Before = async (_, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                finally
                {
                    await Task.Delay(150, CancellationToken.None);
                    Interlocked.Decrement(ref running);
                }
            },
        };
        var runbook = Runbook(Step("a", "test.slow") with { Timeout = TimeSpan.FromMilliseconds(50), Retry = new RetryPolicy(3, TimeSpan.Zero) });
        var execution = await CreateAsync(store, runbook);

        var phase = await Engine(new TestCatalog(slow)).RunAsync(execution.Id, "o", default).Bounded();

        Assert.Equal(Phase.Failed, phase);
        Assert.Equal(3, slow.ExecuteCalls);
        Assert.Equal(1, peak);
        Assert.Equal(3, slow.CancelledCalls);
    }

    [Fact]
    public async Task RunAsync_StepFailsForGood_RunningSiblingFinishes_NoNewStepStarts()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TestAction("test.held") { Before = (_, ct) => release.Task.WaitAsync(ct) };
        var broken = new TestAction("test.broken") { FailFirst = 1, Retryable = false };
        var work = new TestAction("test.work");
        var runbook = Runbook(Step("fails", "test.broken"), Step("sibling", "test.held"), Step("after", "test.work", "sibling"));
        var execution = await CreateAsync(store, runbook);

        var run = Engine(new TestCatalog(held, broken, work)).RunAsync(execution.Id, "o", default);
        await store.WaitForAsync(JournalEntryKind.StepFailed, "fails");
        release.SetResult();
        var phase = await run.Bounded();

        Assert.Equal(Phase.Failed, phase);
        Assert.Equal(1, held.EffectsOf(execution.Id, "sibling"));
        Assert.Equal(0, work.ExecuteCalls);
        Assert.DoesNotContain(await Journal(execution.Id), e => e.StepId == "after" && e.Kind == JournalEntryKind.StepStarting);
    }

    [Fact]
    public async Task RunAsync_ApprovalGranted_RunsTheStep_WithWhoAndWhenJournalled()
    {
        var work = new TestAction("test.work");
        var runbook = Runbook(Step("a"), Step("gate", "test.work", "a") with { Approval = ApprovalMode.Required });
        var execution = await CreateAsync(store, runbook);
        // An hour's poll: only the signal can wake the paused execution.
        var run = Engine(new TestCatalog(work), Options(TimeSpan.FromHours(1))).RunAsync(execution.Id, "o", default);

        await store.WaitForAsync(JournalEntryKind.StepAwaitingApproval, "gate");
        await store.WaitForPhaseAsync(Phase.Paused);
        Assert.Equal(0, work.EffectsOf(execution.Id, "gate"));
        var at = DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await store.AppendAsync(execution.Id, new JournalEntry { Kind = JournalEntryKind.StepApproved, StepId = "gate", Actor = "alice", At = at, Message = "go" }, default);
        signals.Notify(execution.Id);
        var phase = await run.Bounded();

        Assert.Equal(Phase.Succeeded, phase);
        Assert.Equal(1, work.EffectsOf(execution.Id, "gate"));
        var state = ExecutionState.Replay(runbook, await Journal(execution.Id));
        Assert.Equal(ApprovalState.Approved, state["gate"].Approval);
        Assert.Equal("alice", state["gate"].ApprovalBy);
        Assert.Equal(at, state["gate"].ApprovalAt);
    }

    [Fact]
    public async Task RunAsync_ApprovalRejected_FailsWithTheReason()
    {
        var work = new TestAction("test.work");
        var runbook = Runbook(Step("gate") with { Approval = ApprovalMode.ProductionOnly });
        var execution = await CreateAsync(store, runbook);
        var run = Engine(new TestCatalog(work)).RunAsync(execution.Id, "o", default);

        await store.WaitForAsync(JournalEntryKind.StepAwaitingApproval, "gate");
        await store.AppendAsync(execution.Id, new JournalEntry { Kind = JournalEntryKind.StepRejected, StepId = "gate", Actor = "bob", At = DateTimeOffset.UnixEpoch, Message = "not during business hours" }, default);
        signals.Notify(execution.Id);
        var phase = await run.Bounded();

        Assert.Equal(Phase.Failed, phase);
        Assert.Equal(0, work.ExecuteCalls);
        var error = (await store.GetAsync(execution.Id, default))!.Error;
        Assert.Contains("bob", error);
        Assert.Contains("not during business hours", error);
    }

    [Theory]
    [InlineData(ApprovalMode.ProductionOnly, ExecutionMode.Drill, false)]
    [InlineData(ApprovalMode.Required, ExecutionMode.Production, true)]
    public async Task RunAsync_GateNotApplicableOrWaived_RunsWithoutWaiting(ApprovalMode approval, ExecutionMode mode, bool waive)
    {
        var work = new TestAction("test.work");
        var execution = await CreateAsync(store, Runbook(Step("gate") with { Approval = approval }), mode, waive: waive);

        var phase = await Engine(new TestCatalog(work)).RunAsync(execution.Id, "o", default).Bounded();

        Assert.Equal(Phase.Succeeded, phase);
        Assert.DoesNotContain(await Journal(execution.Id), e => e.Kind == JournalEntryKind.StepAwaitingApproval);
    }

    [Fact]
    public async Task RunAsync_CancelRequested_CancelsRunningStep_PendingCancelled_DrillUndoesRun()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TestAction("test.held") { Before = async (_, ct) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); } };
        var work = new TestAction("test.work", "created");
        var undo = new TestAction("test.undo");
        var runbook = Runbook(
            Step("create") with { Undo = "test.undo" },
            Step("long", "test.held", "create"),
            Step("later", "test.work", "long"));
        var execution = await CreateAsync(store, runbook, ExecutionMode.Drill);
        var run = Engine(new TestCatalog(held, work, undo)).RunAsync(execution.Id, "o", default);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await store.AppendAsync(execution.Id, new JournalEntry { Kind = JournalEntryKind.CancelRequested, Actor = "carol", At = DateTimeOffset.UnixEpoch, Message = "wrong app" }, default);
        signals.Notify(execution.Id);
        var phase = await run.Bounded();

        Assert.Equal(Phase.Cancelled, phase);
        Assert.Equal(1, held.CancelledCalls);
        var state = ExecutionState.Replay(runbook, await Journal(execution.Id));
        Assert.Equal(StepState.Cancelled, state["long"].State);
        Assert.Equal(StepState.Cancelled, state["later"].State);
        Assert.Equal(UndoState.Succeeded, state["create"].Undo);
        Assert.Equal(1, undo.EffectsOf(execution.Id, "create"));
        Assert.Equal("created-of-create", Assert.Single(undo.Contexts).Inputs["created"]); // undo sees the step's outputs
        Assert.Contains("carol", (await store.GetAsync(execution.Id, default))!.Error);
    }

    [Fact]
    public async Task RunAsync_DrillEnds_UndoesInReverseOrderOfCompletion_AndProductionNever()
    {
        var work = new TestAction("test.work");
        var undo = new TestAction("test.undo");
        var runbook = Runbook(Step("first") with { Undo = "test.undo" }, Step("second", "test.work", "first") with { Undo = "test.undo" });
        var drill = await CreateAsync(store, runbook, ExecutionMode.Drill);
        var production = await CreateAsync(store, runbook);
        var engine = Engine(new TestCatalog(work, undo));

        Assert.Equal(Phase.Succeeded, await engine.RunAsync(drill.Id, "o", default).Bounded());
        Assert.Equal(Phase.Succeeded, await engine.RunAsync(production.Id, "o", default).Bounded());

        Assert.Equal(["second", "first"], (await Journal(drill.Id)).Where(e => e.Kind == JournalEntryKind.UndoSucceeded).Select(e => e.StepId));
        Assert.DoesNotContain(await Journal(production.Id), e => e.Kind == JournalEntryKind.UndoStarting);
        Assert.Equal(0, undo.EffectsOf(production.Id, "first"));
    }

    [Fact]
    public async Task RunAsync_DrillUndoFails_OtherUndosStillRun_AndErrorMentionsCleanup()
    {
        var work = new TestAction("test.work");
        var undo = new TestAction("test.undo");
        var badUndo = new TestAction("test.bad-undo") { FailFirst = 10, Retryable = false };
        var runbook = Runbook(Step("first") with { Undo = "test.undo" }, Step("second", "test.work", "first") with { Undo = "test.bad-undo" });
        var drill = await CreateAsync(store, runbook, ExecutionMode.Drill);

        var phase = await Engine(new TestCatalog(work, undo, badUndo)).RunAsync(drill.Id, "o", default).Bounded();

        Assert.Equal(Phase.PartiallyFailed, phase);
        Assert.Equal(1, undo.EffectsOf(drill.Id, "first"));
        Assert.Single(await Journal(drill.Id), e => e.Kind == JournalEntryKind.UndoFailed && e.StepId == "second");
        Assert.Contains("Cleanup failed for second", (await store.GetAsync(drill.Id, default))!.Error);
    }

    [Fact]
    public async Task RunAsync_OutputsFeedInputs_AndEveryExpressionResolves()
    {
        var source = new TestAction("test.source", "id") { Produce = _ => new() { ["id"] = "db-42" } };
        var work = new TestAction("test.work");
        var runbook = Runbook(
            Step("make", "test.source"),
            Step("use", "test.work", "make") with
            {
                Inputs = new Dictionary<string, string>
                {
                    ["in"] = "${steps.make.id}/${app}/${mode}/${params.region}",
                    ["x"] = "${execution.id}",
                    ["y"] = "[${drill.id}]",
                },
            });
        var execution = await CreateAsync(store, runbook, parameters: new Dictionary<string, string> { ["region"] = "us-west-2" });

        Assert.Equal(Phase.Succeeded, await Engine(new TestCatalog(source, work)).RunAsync(execution.Id, "o", default).Bounded());

        var inputs = Assert.Single(work.Contexts).Inputs;
        Assert.Equal("db-42/orders/production/us-west-2", inputs["in"]);
        Assert.Equal(execution.Id, inputs["x"]);
        Assert.Equal("[]", inputs["y"]);
        Assert.Equal("db-42/orders/production/us-west-2",
            Assert.Single(await Journal(execution.Id), e => e.Kind == JournalEntryKind.StepStarting && e.StepId == "use").Data!["in"]);
    }

    [Fact]
    public async Task RunAsync_ExpressionWithoutValue_FailsTheStepWithMissingInput()
    {
        var work = new TestAction("test.work");
        var execution = await CreateAsync(store, Runbook(Step("a") with { Inputs = new Dictionary<string, string> { ["in"] = "${params.replica}" } }));

        Assert.Equal(Phase.Failed, await Engine(new TestCatalog(work)).RunAsync(execution.Id, "o", default).Bounded());

        var failed = Assert.Single(await Journal(execution.Id), e => e.Kind == JournalEntryKind.StepFailed);
        Assert.Equal("MissingInput", failed.Code);
        Assert.Contains("${params.replica}", failed.Message);
        Assert.Equal(0, work.ExecuteCalls);
    }

    [Fact]
    public async Task RunAsync_StepNotForThisMode_IsSkipped_AndDependentsStillRun()
    {
        var work = new TestAction("test.work");
        var runbook = Runbook(Step("dns") with { RunIn = StepModes.Production }, Step("smoke", "test.work", "dns"));
        var execution = await CreateAsync(store, runbook, ExecutionMode.Drill);

        Assert.Equal(Phase.Succeeded, await Engine(new TestCatalog(work)).RunAsync(execution.Id, "o", default).Bounded());

        Assert.Equal(0, work.EffectsOf(execution.Id, "dns"));
        Assert.Equal(1, work.EffectsOf(execution.Id, "smoke"));
        Assert.Single(await Journal(execution.Id), e => e.Kind == JournalEntryKind.StepSkipped && e.StepId == "dns");
    }

    [Fact]
    public async Task RunAsync_TwoEnginesOnOneExecution_OnlyOneRunsIt()
    {
        var work = new TestAction("test.work") { Duration = TimeSpan.FromMilliseconds(20) };
        var execution = await CreateAsync(store, Runbook(Step("a"), Step("b", "test.work", "a")));
        var catalog = new TestCatalog(work);

        var phases = await Task.WhenAll(
            Engine(catalog).RunAsync(execution.Id, "owner-1", default),
            Engine(catalog).RunAsync(execution.Id, "owner-2", default)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Single(phases, p => p == Phase.Succeeded);
        Assert.Equal(1, work.EffectsOf(execution.Id, "a"));
        Assert.Equal(1, work.EffectsOf(execution.Id, "b"));
        Assert.Single(await Journal(execution.Id), e => e.Kind == JournalEntryKind.ExecutionStarted);
    }

    [Fact]
    public async Task RunAsync_LeaseLost_StopsWithoutATerminalPhase()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var leased = new RecordingStore(new InMemoryExecutionStore(clock));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TestAction("test.held") { Before = async (_, ct) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); } };
        var execution = await CreateAsync(leased, Runbook(Step("a", "test.held")));
        var options = Options();
        options.LeaseDuration = TimeSpan.FromMilliseconds(150); // renewed every 50 ms of real time
        var run = new RunbookEngine(leased, new TestCatalog(held), options, TimeProvider.System, signals).RunAsync(execution.Id, "owner-1", default);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(1)); // the store's clock: the lease has expired
        Assert.True(await leased.TryAcquireLeaseAsync(execution.Id, "owner-2", TimeSpan.FromMinutes(5), default));
        var phase = await run.Bounded();

        Assert.Equal(Phase.Running, phase);
        Assert.Equal(1, held.CancelledCalls);
        Assert.Equal(Phase.Running, (await leased.GetAsync(execution.Id, default))!.Phase);
        Assert.DoesNotContain(await leased.ReadJournalAsync(execution.Id, 0, default), e => e.Kind is JournalEntryKind.ExecutionEnded or JournalEntryKind.StepCancelled or JournalEntryKind.StepFailed);
    }

    [Fact]
    public async Task RunAsync_ManyParallelSteps_RespectsMaxParallelSteps()
    {
        var running = 0;
        var peak = 0;
        var work = new TestAction("test.work")
        {
            Before = async (_, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(20, ct);
                Interlocked.Decrement(ref running);
            },
        };
        var execution = await CreateAsync(store, Runbook(Enumerable.Range(0, 10).Select(i => Step($"s{i}")).ToArray()));
        var options = Options();
        options.MaxParallelSteps = 3;

        Assert.Equal(Phase.Succeeded, await Engine(new TestCatalog(work), options).RunAsync(execution.Id, "o", default).Bounded());

        Assert.InRange(peak, 1, 3);
        Assert.Equal(10, work.TotalEffects);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
