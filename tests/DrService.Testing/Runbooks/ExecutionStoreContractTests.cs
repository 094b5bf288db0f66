using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Testing.Runbooks;

/// <summary>
/// The rules every <see cref="IExecutionStore"/> follows. A store's tests inherit this class and say how to make a
/// fresh, empty store whose leases run on the given clock (in-memory: DrService.Runbooks.Tests; database: the host's tests).
/// </summary>
public abstract class ExecutionStoreContractTests
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A new, empty store (or one where no application used here has executions).</summary>
    protected abstract Task<IExecutionStore> CreateStoreAsync(TimeProvider time);

    protected static RunbookDefinition Runbook(RunbookKind kind = RunbookKind.Failover) => new()
    {
        Id = $"contract-{kind.ToString().ToLowerInvariant()}",
        Kind = kind,
        Steps = [new StepDefinition { Id = "only", Action = "test.noop", Inputs = new Dictionary<string, string> { ["x"] = "${app}" } }],
    };

    protected static NewExecution Request(string app, RunbookKind kind = RunbookKind.Failover, ExecutionMode mode = ExecutionMode.Production, string? key = null) => new()
    {
        Runbook = Runbook(kind),
        Application = app,
        Mode = mode,
        RequestedBy = "tester",
        Parameters = new Dictionary<string, string> { ["drRegion"] = "us-west-2" },
        RequestKey = key,
    };

    private static string App() => "app-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task CreateAsync_NewRequest_IsPendingWithEverythingStored()
    {
        var store = await CreateStoreAsync(Clock);
        var app = App();
        var created = await store.CreateAsync(Request(app) with { WaiveApprovals = true }, default);
        var read = await store.GetAsync(created.Id, default);
        Assert.NotNull(read);
        Assert.Equal(Phase.Pending, read.Phase);
        Assert.Equal(app, read.Application);
        Assert.Equal(ExecutionMode.Production, read.Mode);
        Assert.Equal("tester", read.RequestedBy);
        Assert.True(read.WaiveApprovals);
        Assert.Equal("us-west-2", read.Parameters["drRegion"]);
        Assert.Equal("contract-failover", read.Runbook.Id);
        Assert.Equal("${app}", read.Runbook.Steps[0].Inputs["x"]);
        Assert.Null(read.StartedAt);
    }

    [Fact]
    public async Task CreateAsync_ExpandedFanOutDefinition_RoundTripsItsItemsAndLongStepIds()
    {
        var store = await CreateStoreAsync(Clock);
        // A fan-out step's copy for a DNS record at DNS's length limit: "dns-verify:" + 253 characters.
        var record = string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253];
        var template = Runbook() with
        {
            Steps = [new StepDefinition { Id = "dns-verify", Action = "contract.work", ForEach = "dnsRecords", Title = "Verify ${item.name}" }],
        };
        var expanded = RunbookExpansion.Expand(template, new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>>
        {
            ["dnsRecords"] = [new RunbookItem(record, new Dictionary<string, string> { ["name"] = record })],
        }));
        var created = await store.CreateAsync(Request(App()) with { Runbook = expanded }, default);
        var stepId = RunbookExpansion.ExpandedId("dns-verify", record);
        await store.AppendAsync(created.Id, new JournalEntry { Kind = JournalEntryKind.StepStarting, At = Clock.GetUtcNow(), StepId = stepId, Attempt = 1 }, default);

        var read = (await store.GetAsync(created.Id, default))!.Runbook.Steps.Single();
        Assert.Equal((stepId, "dns-verify", record, "dnsRecords"), (read.Id, read.Template, read.Item, read.ForEach));
        Assert.Equal(record, read.ItemFields!["name"]);
        Assert.Equal(stepId, Assert.Single(await store.ReadJournalAsync(created.Id, 0, default), e => e.Kind == JournalEntryKind.StepStarting).StepId);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync(Clock);
        Assert.Null(await store.GetAsync("ex-does-not-exist", default));
    }

    [Theory]
    [InlineData(RunbookKind.Failover, RunbookKind.Failover)]
    [InlineData(RunbookKind.Failover, RunbookKind.Failback)]
    [InlineData(RunbookKind.Failback, RunbookKind.Failover)]
    public async Task CreateAsync_SecondActiveFailoverOrFailbackForApp_Conflicts(RunbookKind first, RunbookKind second)
    {
        var store = await CreateStoreAsync(Clock);
        var app = App();
        var active = await store.CreateAsync(Request(app, first), default);
        var conflict = await Assert.ThrowsAsync<ExecutionConflictException>(() => store.CreateAsync(Request(app, second), default));
        Assert.Equal(active.Id, conflict.ExistingExecutionId);
    }

    [Fact]
    public async Task CreateAsync_AfterPreviousFailoverEnded_IsAllowed()
    {
        var store = await CreateStoreAsync(Clock);
        var app = App();
        var first = await store.CreateAsync(Request(app), default);
        await store.SetPhaseAsync(first.Id, Phase.Running, null, default);
        await store.SetPhaseAsync(first.Id, Phase.Failed, "boom", default);
        var second = await store.CreateAsync(Request(app), default);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task CreateAsync_DrillsCustomAndOtherApps_DoNotConflictWithAFailover()
    {
        var store = await CreateStoreAsync(Clock);
        var app = App();
        await store.CreateAsync(Request(app), default);
        await store.CreateAsync(Request(app, mode: ExecutionMode.Drill), default);
        await store.CreateAsync(Request(app, RunbookKind.Custom), default);
        await store.CreateAsync(Request(App()), default);
        Assert.True((await store.ListUnfinishedAsync(default)).Count >= 4);
    }

    [Fact]
    public async Task CreateAsync_RequestKeyUsedBefore_ConflictsEvenWhenTheFirstEnded()
    {
        var store = await CreateStoreAsync(Clock);
        var key = "outage-" + Guid.NewGuid().ToString("N");
        var first = await store.CreateAsync(Request(App(), RunbookKind.Custom, key: key), default);
        await store.SetPhaseAsync(first.Id, Phase.Cancelled, null, default);
        var conflict = await Assert.ThrowsAsync<ExecutionConflictException>(() => store.CreateAsync(Request(App(), RunbookKind.Custom, key: key), default));
        Assert.Equal(first.Id, conflict.ExistingExecutionId);
    }

    [Fact]
    public async Task AppendAsync_AssignsSequenceFromOne_AndReadJournalReturnsEntriesAfter()
    {
        var store = await CreateStoreAsync(Clock);
        var id = (await store.CreateAsync(Request(App()), default)).Id;
        var at = Clock.GetUtcNow();
        var first = await store.AppendAsync(id, new JournalEntry { Kind = JournalEntryKind.ExecutionStarted, At = at, Actor = "a" }, default);
        var second = await store.AppendAsync(id, new JournalEntry
        {
            Kind = JournalEntryKind.StepSucceeded, At = at, StepId = "only", Attempt = 2, Code = "c", Message = "m",
            Data = new Dictionary<string, string> { ["recoveryPoint"] = "2026-11-28T11:59:00.0000000+00:00" },
        }, default);
        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        var all = await store.ReadJournalAsync(id, 0, default);
        Assert.Equal([JournalEntryKind.ExecutionStarted, JournalEntryKind.StepSucceeded], all.Select(e => e.Kind));
        var after = Assert.Single(await store.ReadJournalAsync(id, 1, default));
        Assert.Equal("only", after.StepId);
        Assert.Equal(2, after.Attempt);
        Assert.Equal("c", after.Code);
        Assert.Equal("m", after.Message);
        Assert.Equal(at, after.At);
        Assert.Equal("2026-11-28T11:59:00.0000000+00:00", after.Data!["recoveryPoint"]);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppends_GetDistinctContiguousSequences()
    {
        var store = await CreateStoreAsync(Clock);
        var id = (await store.CreateAsync(Request(App()), default)).Id;
        var entries = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            store.AppendAsync(id, new JournalEntry { Kind = JournalEntryKind.StepLog, At = Clock.GetUtcNow(), StepId = "only", Message = $"line {i}" }, default))));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        Assert.Equal(40, (await store.ReadJournalAsync(id, 0, default)).Count);
    }

    [Fact]
    public async Task SetPhaseAsync_FollowsTransitions_WithTimestampsAndError()
    {
        var store = await CreateStoreAsync(Clock);
        var id = (await store.CreateAsync(Request(App()), default)).Id;
        await store.SetPhaseAsync(id, Phase.Running, null, default);
        var running = await store.GetAsync(id, default);
        Assert.Equal(Phase.Running, running!.Phase);
        Assert.NotNull(running.StartedAt);
        Assert.Null(running.EndedAt);
        await store.SetPhaseAsync(id, Phase.Paused, null, default);
        await store.SetPhaseAsync(id, Phase.Failed, "Step 'only' was rejected by bob: no", default);
        var failed = await store.GetAsync(id, default);
        Assert.Equal(Phase.Failed, failed!.Phase);
        Assert.NotNull(failed.EndedAt);
        Assert.Equal("Step 'only' was rejected by bob: no", failed.Error);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => store.SetPhaseAsync(id, Phase.Running, null, default));
    }

    [Fact]
    public async Task ListUnfinishedAsync_ReturnsOnlyNonTerminal()
    {
        var store = await CreateStoreAsync(Clock);
        var pending = (await store.CreateAsync(Request(App()), default)).Id;
        var done = (await store.CreateAsync(Request(App()), default)).Id;
        await store.SetPhaseAsync(done, Phase.Running, null, default);
        await store.SetPhaseAsync(done, Phase.Succeeded, null, default);
        var unfinished = await store.ListUnfinishedAsync(default);
        Assert.Contains(pending, unfinished);
        Assert.DoesNotContain(done, unfinished);
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_HeldByAnother_IsRefusedUntilItExpires()
    {
        var store = await CreateStoreAsync(Clock);
        var id = (await store.CreateAsync(Request(App()), default)).Id;
        Assert.True(await store.TryAcquireLeaseAsync(id, "a", TimeSpan.FromSeconds(30), default));
        Assert.False(await store.TryAcquireLeaseAsync(id, "b", TimeSpan.FromSeconds(30), default));
        Assert.True(await store.TryAcquireLeaseAsync(id, "a", TimeSpan.FromSeconds(30), default)); // renewal
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await store.TryAcquireLeaseAsync(id, "b", TimeSpan.FromSeconds(30), default));
        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await store.TryAcquireLeaseAsync(id, "b", TimeSpan.FromSeconds(30), default));
        Assert.False(await store.TryAcquireLeaseAsync(id, "a", TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task ReleaseLeaseAsync_ByOwner_FreesIt_ByOther_DoesNot()
    {
        var store = await CreateStoreAsync(Clock);
        var id = (await store.CreateAsync(Request(App()), default)).Id;
        Assert.True(await store.TryAcquireLeaseAsync(id, "a", TimeSpan.FromMinutes(5), default));
        await store.ReleaseLeaseAsync(id, "b", default);
        Assert.False(await store.TryAcquireLeaseAsync(id, "b", TimeSpan.FromMinutes(5), default));
        await store.ReleaseLeaseAsync(id, "a", default);
        Assert.True(await store.TryAcquireLeaseAsync(id, "b", TimeSpan.FromMinutes(5), default));
    }
}
