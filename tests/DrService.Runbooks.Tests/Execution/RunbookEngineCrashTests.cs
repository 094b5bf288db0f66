using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DrService.Runbooks.Tests.Support.Build;

namespace DrService.Runbooks.Tests.Execution;

/// <summary>
/// The process dies at every journal append of a full run in turn (before the write reached the store, or after it did);
/// a new owner resumes once the lease expired. Every step's effect (and every drill undo's) happens exactly once.
/// </summary>
public sealed class RunbookEngineCrashTests
{
    // A diamond with a retried step, an approval waived by configuration, and an undo on each step that succeeds.
    private static RunbookDefinition Diamond() => Runbook(
        Step("a") with { Undo = "test.undo" },
        Step("b", "test.flaky", "a") with { Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(1)), Undo = "test.undo" },
        Step("c", "test.work", "a") with { Undo = "test.undo", Inputs = new Dictionary<string, string> { ["in"] = "${steps.a.out}" } },
        Step("d", "test.work", "b", "c") with { MarksRecovery = true, Approval = ApprovalMode.Required });

    [Theory]
    [InlineData(ExecutionMode.Production, false)]
    [InlineData(ExecutionMode.Production, true)]
    [InlineData(ExecutionMode.Drill, false)]
    [InlineData(ExecutionMode.Drill, true)]
    public async Task RunAsync_ProcessDiesAtEveryAppend_NewOwnerResumes_EachEffectExactlyOnce(ExecutionMode mode, bool afterWrite)
    {
        var total = await AppendsOfAFullRunAsync(mode);
        Assert.True(total >= 10, $"a full run appends {total} entries");

        for (var crashAt = 1; crashAt <= total; crashAt++)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
            var store = new InMemoryExecutionStore(clock);
            var (work, flaky, undo, catalog) = Actions();
            var execution = await CreateAsync(store, Diamond(), mode, waive: true);

            var dying = new CrashingStore(store, crashAt, afterWrite);
            await Assert.ThrowsAsync<IOException>(() => new RunbookEngine(dying, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "dies", default).Bounded());
            Assert.True(dying.Crashed);

            Assert.False(await store.TryAcquireLeaseAsync(execution.Id, "probe", TimeSpan.FromSeconds(1), default)); // the dead owner's lease holds
            clock.Advance(TimeSpan.FromMinutes(2));
            var phase = await new RunbookEngine(store, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "resumes", default).Bounded();

            var because = $"crash at append {crashAt} of {total} ({(afterWrite ? "after" : "before")} the write)";
            Assert.True(phase == Phase.Succeeded, because + $": ended {phase}, {(await store.GetAsync(execution.Id, default))!.Error}");
            foreach (var step in new[] { "a", "c", "d" })
            {
                Assert.True(work.EffectsOf(execution.Id, step) == 1, $"{because}: step {step} ran {work.EffectsOf(execution.Id, step)} times");
            }
            Assert.True(flaky.EffectsOf(execution.Id, "b") == 1, $"{because}: step b ran {flaky.EffectsOf(execution.Id, "b")} times");
            var expectedUndos = mode == ExecutionMode.Drill ? 1 : 0;
            foreach (var step in new[] { "a", "b", "c" })
            {
                Assert.True(undo.EffectsOf(execution.Id, step) == expectedUndos, $"{because}: undo of {step} ran {undo.EffectsOf(execution.Id, step)} times");
            }
            Assert.Single(await store.ReadJournalAsync(execution.Id, 0, default), e => e.Kind == JournalEntryKind.ExecutionEnded);
        }
    }

    private static async Task<int> AppendsOfAFullRunAsync(ExecutionMode mode)
    {
        var store = new RecordingStore(new InMemoryExecutionStore(TimeProvider.System));
        var (_, _, _, catalog) = Actions();
        var execution = await CreateAsync(store, Diamond(), mode, waive: true);
        Assert.Equal(Phase.Succeeded, await new RunbookEngine(store, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "o", default).Bounded());
        return store.Appends;
    }

    private static (TestAction Work, TestAction Flaky, TestAction Undo, TestCatalog Catalog) Actions()
    {
        var work = new TestAction("test.work", "out");
        var flaky = new TestAction("test.flaky", "out") { FailFirst = 1 };
        var undo = new TestAction("test.undo");
        return (work, flaky, undo, new TestCatalog(work, flaky, undo));
    }
}
