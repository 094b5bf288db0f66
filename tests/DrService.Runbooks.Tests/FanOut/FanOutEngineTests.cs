using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Reporting;
using DrService.Runbooks.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DrService.Runbooks.Tests.FanOut.FanOutFixture;
using static DrService.Runbooks.Tests.Support.Build;

namespace DrService.Runbooks.Tests.FanOut;

/// <summary>An expanded runbook run by the engine: per-item inputs and outputs, skipped kinds, conditions, reports, crashes.</summary>
public sealed class FanOutEngineTests
{
    private readonly InMemoryExecutionStore store = new(TimeProvider.System);

    private async Task<(ExecutionRecord Record, Phase Phase, TestAction Work, TestAction Undo)> RunAsync(ExecutionMode mode, string url = "")
    {
        var (work, undo, catalog) = TestActions();
        var execution = await CreateAsync(store, RunbookExpansion.Expand(Template(), Items()), mode,
            new Dictionary<string, string> { ["url"] = url });
        var phase = await new RunbookEngine(store, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "owner", default).Bounded();
        return ((await store.GetAsync(execution.Id, default))!, phase, work, undo);
    }

    private async Task<ExecutionState> StateAsync(ExecutionRecord record) =>
        ExecutionState.Replay(record.Runbook, await store.ReadJournalAsync(record.Id, 0, default));

    [Fact]
    public async Task RunAsync_EachItemReadsItsOwnFieldsAndItsPartnersOutputs()
    {
        var (record, phase, work, _) = await RunAsync(ExecutionMode.Production);
        Assert.Equal(Phase.Succeeded, phase);
        var state = await StateAsync(record);
        Assert.Equal("db-b", state["restore-db:db-b"].Inputs["in"]);
        Assert.Equal("[db-b||]", state["wait-db:db-b"].Inputs["in"]);
        Assert.Equal("[i-worker/worker||]", state["volume:vol-2"].Inputs["x"]);
        Assert.Equal("[i-web/web||]", state["volume:vol-1"].Inputs["x"]);
        Assert.Equal("", state["volume:vol-loose"].Inputs["x"]);
        Assert.Equal("zone-fallback", state["volume:vol-loose"].Inputs["y"]);
        Assert.Equal("[[db-a||]||],[[db-b||]||],[[db-c||]||]|", state["notify"].Inputs["in"]);
        foreach (var step in record.Runbook.Steps.Where(s => s.SkipReason is null && s.When is null))
        {
            Assert.True(work.EffectsOf(record.Id, step.Id) == 1, $"{step.Id} ran {work.EffectsOf(record.Id, step.Id)} times");
        }
    }

    [Fact]
    public async Task RunAsync_KindWithoutItems_SkippedWithReason_DownstreamRuns()
    {
        var (record, phase, _, _) = await RunAsync(ExecutionMode.Production);
        var state = await StateAsync(record);
        Assert.Equal(Phase.Succeeded, phase);
        Assert.Equal(StepState.Skipped, state["buckets"].State);
        Assert.Equal("the application has no bucket pairs (Resources:BucketPairs)", state["buckets"].SkipReason);
        Assert.Equal(StepState.Succeeded, state["notify"].State);
    }

    [Fact]
    public async Task RunAsync_RecoveryStepSkippedByItsCondition_RtoMeasuredToInfrastructureReady()
    {
        var (record, _, work, _) = await RunAsync(ExecutionMode.Production);
        var state = await StateAsync(record);
        Assert.Equal(StepState.Skipped, state["smoke"].State);
        Assert.Contains("is empty", state["smoke"].SkipReason, StringComparison.Ordinal);
        Assert.Equal(0, work.EffectsOf(record.Id, "smoke"));
        var report = ExecutionReport.From(record, await store.ReadJournalAsync(record.Id, 0, default));
        Assert.Equal("infrastructure ready", report.RtoMeasuredTo);
        Assert.NotNull(report.Rto);
    }

    [Fact]
    public async Task RunAsync_RecoveryStepWithUrl_RunsAndRtoMeasuredToServiceAnswering()
    {
        var (record, _, work, _) = await RunAsync(ExecutionMode.Production, url: "http://dr.example/health");
        Assert.Equal(1, work.EffectsOf(record.Id, "smoke"));
        var report = ExecutionReport.From(record, await store.ReadJournalAsync(record.Id, 0, default));
        Assert.Equal("service answering", report.RtoMeasuredTo);
    }

    [Fact]
    public async Task Report_ListsEveryItemWithItsSteps()
    {
        var (record, _, _, _) = await RunAsync(ExecutionMode.Production);
        var report = ExecutionReport.From(record, await store.ReadJournalAsync(record.Id, 0, default));
        Assert.Equal(
            ["databases/db-a", "databases/db-b", "databases/db-c", "instances/i-web", "instances/i-worker", "volumes/vol-1", "volumes/vol-2", "volumes/vol-loose"],
            report.Items.Select(i => $"{i.Kind}/{i.Source}"));
        var db = report.Items.Single(i => i.Source == "db-b");
        Assert.Equal(["restore-db:db-b", "wait-db:db-b"], db.Steps);
        Assert.Equal(StepState.Succeeded, db.State);
        Assert.NotNull(db.Duration);
        Assert.Equal(("restore-db", "db-b"), (report.Steps.Single(s => s.Id == "restore-db:db-b").Template, report.Steps.Single(s => s.Id == "restore-db:db-b").Item));
    }

    [Fact]
    public async Task Report_ItemWithAStepSkippedForTheMode_IsTheStateOfTheStepsThatRan()
    {
        var template = Runbook(
            Step("promote", "test.work") with { ForEach = "replicas", RunIn = StepModes.Production, Inputs = In("${item.id}") },
            Step("snapshot", "test.work") with { ForEach = "replicas", RunIn = StepModes.Drill, Inputs = In("${item.id}") });
        var items = new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>> { ["replicas"] = [Item("db-dr")] });
        var (_, _, catalog) = TestActions();
        var execution = await CreateAsync(store, RunbookExpansion.Expand(template, items), ExecutionMode.Drill);
        await new RunbookEngine(store, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "o", default).Bounded();

        var report = ExecutionReport.From((await store.GetAsync(execution.Id, default))!, await store.ReadJournalAsync(execution.Id, 0, default));

        Assert.Equal(StepState.Succeeded, Assert.Single(report.Items).State);
    }

    [Fact]
    public async Task RunAsync_Drill_UndoesEveryItemOnce()
    {
        var (record, phase, _, undo) = await RunAsync(ExecutionMode.Drill);
        Assert.Equal(Phase.Succeeded, phase);
        foreach (var step in record.Runbook.Steps.Where(s => s.Undo is not null && s.SkipReason is null))
        {
            Assert.True(undo.EffectsOf(record.Id, step.Id) == 1, $"undo of {step.Id} ran {undo.EffectsOf(record.Id, step.Id)} times");
        }
        Assert.Equal(8, undo.TotalEffects); // 3 databases, 2 instances, 3 volumes
    }

    [Fact]
    public async Task RunAsync_OneItemFailsForGood_ExecutionFails_NamingTheItem_OthersUntouched()
    {
        var work = new TestAction("test.work", "out");
        var broken = new TestAction("test.broken", "out") { FailFirst = 1, Retryable = false };
        var template = Runbook(Step("restore", "test.work") with { ForEach = "databases", Inputs = In("${item.id}") },
            Step("after", "test.work", "restore"));
        var items = new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>> { ["databases"] = [Item("db-a"), Item("db-b")] });
        var expanded = RunbookExpansion.Expand(template, items);
        expanded = expanded with { Steps = [.. expanded.Steps.Select(s => s.Id == "restore:db-b" ? s with { Action = "test.broken" } : s)] };
        var execution = await CreateAsync(store, expanded);
        var phase = await new RunbookEngine(store, new TestCatalog(work, broken), Options(), TimeProvider.System).RunAsync(execution.Id, "o", default).Bounded();
        Assert.Equal(Phase.Failed, phase);
        Assert.Contains("restore:db-b", (await store.GetAsync(execution.Id, default))!.Error, StringComparison.Ordinal);
        Assert.Equal(1, work.EffectsOf(execution.Id, "restore:db-a"));
        Assert.Equal(0, work.EffectsOf(execution.Id, "after"));
    }

    [Theory]
    [InlineData(ExecutionMode.Production, false)]
    [InlineData(ExecutionMode.Drill, true)]
    public async Task RunAsync_ProcessDiesAtEveryAppend_NoItemRunsTwice(ExecutionMode mode, bool afterWrite)
    {
        var expanded = RunbookExpansion.Expand(Template(), Items());
        var parameters = new Dictionary<string, string> { ["url"] = "http://dr.example/health" };
        var counting = new RecordingStore(new InMemoryExecutionStore(TimeProvider.System));
        var (_, _, fullCatalog) = TestActions();
        var full = await CreateAsync(counting, expanded, mode, parameters);
        Assert.Equal(Phase.Succeeded, await new RunbookEngine(counting, fullCatalog, Options(), TimeProvider.System).RunAsync(full.Id, "o", default).Bounded());
        var total = counting.Appends;

        for (var crashAt = 1; crashAt <= total; crashAt++)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
            var inner = new InMemoryExecutionStore(clock);
            var (work, undo, catalog) = TestActions();
            var execution = await CreateAsync(inner, expanded, mode, parameters);
            var dying = new CrashingStore(inner, crashAt, afterWrite);
            await Assert.ThrowsAsync<IOException>(() => new RunbookEngine(dying, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "dies", default).Bounded());
            clock.Advance(TimeSpan.FromMinutes(2));
            var phase = await new RunbookEngine(inner, catalog, Options(), TimeProvider.System).RunAsync(execution.Id, "resumes", default).Bounded();
            var because = $"crash at append {crashAt} of {total}";
            Assert.True(phase == Phase.Succeeded, $"{because}: {phase}");
            foreach (var step in expanded.Steps.Where(s => s.SkipReason is null))
            {
                Assert.True(work.EffectsOf(execution.Id, step.Id) == 1, $"{because}: {step.Id} ran {work.EffectsOf(execution.Id, step.Id)} times");
                if (mode == ExecutionMode.Drill && step.Undo is not null)
                {
                    Assert.True(undo.EffectsOf(execution.Id, step.Id) == 1, $"{because}: undo of {step.Id} ran {undo.EffectsOf(execution.Id, step.Id)} times");
                }
            }
        }
    }
}
