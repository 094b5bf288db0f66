using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Store;
using DrService.Storage;
using DrService.Testing;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Runbooks.Store;

/// <summary>The execution store on the service's database, run once per provider (subclasses at the end).</summary>
public abstract class ExecutionStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 21, 4, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    private protected abstract Task<TestDatabase> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateEmptyDatabaseAsync();
        _services = _database.BuildServices(_time);
        await _services.MigrateDrDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
    }

    private EfExecutionStore Store(ServiceProvider? services = null, TimeProvider? time = null) =>
        new((services ?? _services).GetRequiredService<IDbContextFactory<DrDbContext>>(), time ?? _time);

    [Fact]
    public async Task CreateAsync_Request_RoundTripsDefinitionParametersAndRequest()
    {
        var store = Store();
        var runbook = RunbookBuilder.For("tier-a-failover").Step("promote", "rds.promote-replica").Step("smoke", "http.smoke-test", "promote").Build();

        var created = await store.CreateAsync(RunbookBuilder.Request(runbook, key: "witness-orders-1") with { WaiveApprovals = true }, default);
        var read = await store.GetAsync(created.Id, default);

        Assert.NotNull(read);
        Assert.Equal(Phase.Pending, read.Phase);
        Assert.Equal("orders", read.Application);
        Assert.Equal(ExecutionMode.Production, read.Mode);
        Assert.Equal("alice", read.RequestedBy);
        Assert.Equal("witness-orders-1", read.RequestKey);
        Assert.True(read.WaiveApprovals);
        Assert.Equal(Now, read.CreatedAt);
        Assert.Null(read.StartedAt);
        Assert.Equal("orders-db-replica", read.Parameters["replica"]);
        Assert.Equal(runbook.Id, read.Runbook.Id);
        Assert.Equal(RunbookKind.Failover, read.Runbook.Kind);
        Assert.Equal(2, read.Runbook.Steps.Count);
        var smoke = read.Runbook.Steps[1];
        Assert.Equal(["promote"], smoke.DependsOn);
        Assert.Equal(TimeSpan.FromMinutes(5), smoke.Timeout);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2), 1.5), smoke.Retry);
        Assert.Equal(ApprovalMode.ProductionOnly, smoke.Approval);
        Assert.True(smoke.MarksRecovery);
        Assert.Equal("${params.drRegion}", smoke.Inputs["region"]);
        Assert.Null(await store.GetAsync("ex-missing", default));
    }

    [Fact]
    public async Task CreateAsync_SameRequestKeyTwice_RefusesSecondNamingTheFirst()
    {
        var store = Store();
        var runbook = RunbookBuilder.For("tier-b-failover").OfKind(RunbookKind.Custom).Build();
        var first = await store.CreateAsync(RunbookBuilder.Request(runbook, key: "outage-orders-20261128"), default);

        var conflict = await Assert.ThrowsAsync<ExecutionConflictException>(() => store.CreateAsync(RunbookBuilder.Request(runbook, key: "outage-orders-20261128"), default));

        Assert.Equal(first.Id, conflict.ExistingExecutionId);
        Assert.Contains("outage-orders-20261128", conflict.Message, StringComparison.Ordinal);
        Assert.Single(await store.ListUnfinishedAsync(default));
    }

    [Theory]
    [InlineData(RunbookKind.Failover, RunbookKind.Failover)]
    [InlineData(RunbookKind.Failover, RunbookKind.Failback)]
    [InlineData(RunbookKind.Failback, RunbookKind.Failover)]
    public async Task CreateAsync_SecondProductionFailoverOrFailbackOfSameApplication_IsRefusedUntilFirstEnds(RunbookKind first, RunbookKind second)
    {
        var store = Store();
        var active = await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("one").OfKind(first).Build()), default);
        await store.SetPhaseAsync(active.Id, Phase.Running, null, default);

        var conflict = await Assert.ThrowsAsync<ExecutionConflictException>(() => store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("two").OfKind(second).Build()), default));
        Assert.Equal(active.Id, conflict.ExistingExecutionId);

        // Other applications, drills and custom runbooks are not held by the slot.
        await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("two").OfKind(second).Build(), application: "billing"), default);
        await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("two").OfKind(second).Build(), mode: ExecutionMode.Drill), default);
        await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("custom").OfKind(RunbookKind.Custom).Build()), default);

        await store.SetPhaseAsync(active.Id, Phase.Failed, "promote failed", default);
        var next = await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("two").OfKind(second).Build()), default);
        Assert.Equal(Phase.Pending, next.Phase);
    }

    [Fact]
    public async Task CreateAsync_TwoStoresRacingOnOneApplication_ExactlyOneWins()
    {
        await using var other = _database.BuildServices(_time);
        var stores = new[] { Store(), Store(other) };
        var runbook = RunbookBuilder.For("tier-a-failover").Build();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await stores[i % 2].CreateAsync(RunbookBuilder.Request(runbook), default);
                return true;
            }
            catch (ExecutionConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(await Store().ListUnfinishedAsync(default));
    }

    [Fact]
    public async Task SetPhaseAsync_Lifecycle_StampsStartAndEndAndRefusesIllegalMoves()
    {
        var store = Store();
        var created = await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build()), default);
        _time.Advance(TimeSpan.FromSeconds(10));
        await store.SetPhaseAsync(created.Id, Phase.Running, null, default);
        _time.Advance(TimeSpan.FromSeconds(10));
        await store.SetPhaseAsync(created.Id, Phase.Paused, null, default);
        await store.SetPhaseAsync(created.Id, Phase.Running, null, default);
        _time.Advance(TimeSpan.FromSeconds(30));
        await store.SetPhaseAsync(created.Id, Phase.Failed, "smoke test failed", default);

        var read = await store.GetAsync(created.Id, default);
        Assert.Equal(Phase.Failed, read!.Phase);
        Assert.Equal(Now.AddSeconds(10), read.StartedAt);
        Assert.Equal(Now.AddSeconds(50), read.EndedAt);
        Assert.Equal("smoke test failed", read.Error);
        var illegal = await Assert.ThrowsAsync<IllegalTransitionException>(() => store.SetPhaseAsync(created.Id, Phase.Running, null, default));
        Assert.Equal(Phase.Failed, illegal.From);
        Assert.Empty(await store.ListUnfinishedAsync(default));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SetPhaseAsync("ex-missing", Phase.Running, null, default));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppendsFromTwoStores_AssignGapFreeUniqueSequences()
    {
        await using var other = _database.BuildServices(_time);
        var stores = new[] { Store(), Store(other) };
        var created = await stores[0].CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build()), default);

        var appended = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => stores[i % 2].AppendAsync(created.Id, new JournalEntry
        {
            Kind = JournalEntryKind.StepLog,
            At = Now.AddTicks(i),
            StepId = "promote",
            Attempt = 1,
            Message = $"line {i}",
        }, default)));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), appended.Select(a => a.Sequence).Order());
        var journal = await stores[1].ReadJournalAsync(created.Id, 0, default);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), journal.Select(j => j.Sequence));
        Assert.Equal(40, journal.Select(j => j.Message).Distinct().Count());
    }

    [Fact]
    public async Task ReadJournalAsync_AfterSequence_ReturnsLaterEntriesInOrderWithEveryField()
    {
        var store = Store();
        var created = await store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build()), default);
        var first = await store.AppendAsync(created.Id, new JournalEntry { Kind = JournalEntryKind.ExecutionStarted, At = Now, Actor = "owner-1" }, default);
        var second = await store.AppendAsync(created.Id, new JournalEntry
        {
            Kind = JournalEntryKind.StepSucceeded,
            At = Now.AddTicks(12_345),
            StepId = "promote",
            Attempt = 2,
            Actor = "owner-1",
            Data = new Dictionary<string, string> { ["dbInstance"] = "orders-db-replica", ["recoveryPoint"] = "2026-11-28T21:00:00Z" },
        }, default);
        await store.AppendAsync(created.Id, new JournalEntry { Kind = JournalEntryKind.StepFailed, At = Now, StepId = "smoke", Code = "Timeout", Message = "no answer" }, default);

        var after = await store.ReadJournalAsync(created.Id, first.Sequence, default);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Equal([2L, 3L], after.Select(e => e.Sequence));
        var succeeded = after[0];
        Assert.Equal(JournalEntryKind.StepSucceeded, succeeded.Kind);
        Assert.Equal(Now.AddTicks(12_345), succeeded.At);
        Assert.Equal(2, succeeded.Attempt);
        Assert.Equal("orders-db-replica", succeeded.Data!["dbInstance"]);
        Assert.Equal("Timeout", after[1].Code);
        Assert.Equal("no answer", after[1].Message);
        Assert.Null(after[1].Data);
        Assert.Empty(await store.ReadJournalAsync(created.Id, 3, default));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_TwoInstances_OnlyOneHoldsItUntilReleasedOrExpired()
    {
        await using var other = _database.BuildServices(_time);
        var a = Store();
        var b = Store(other);
        var created = await a.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build()), default);
        var lease = TimeSpan.FromSeconds(30);

        Assert.True(await a.TryAcquireLeaseAsync(created.Id, "instance-a", lease, default));
        Assert.False(await b.TryAcquireLeaseAsync(created.Id, "instance-b", lease, default));

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await a.TryAcquireLeaseAsync(created.Id, "instance-a", lease, default)); // renewal
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await b.TryAcquireLeaseAsync(created.Id, "instance-b", lease, default)); // renewed: still a's

        await b.ReleaseLeaseAsync(created.Id, "instance-b", default); // not b's: no effect
        Assert.False(await b.TryAcquireLeaseAsync(created.Id, "instance-b", lease, default));

        _time.Advance(TimeSpan.FromSeconds(11)); // a died: its lease expires
        Assert.True(await b.TryAcquireLeaseAsync(created.Id, "instance-b", lease, default));
        Assert.False(await a.TryAcquireLeaseAsync(created.Id, "instance-a", lease, default));

        await b.ReleaseLeaseAsync(created.Id, "instance-b", default);
        Assert.True(await a.TryAcquireLeaseAsync(created.Id, "instance-a", lease, default));
        Assert.False(await a.TryAcquireLeaseAsync("ex-missing", "instance-a", lease, default));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_ManyContendersAtOnce_ExactlyOneWins()
    {
        await using var other = _database.BuildServices(_time);
        var stores = new[] { Store(), Store(other) };
        var created = await stores[0].CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build()), default);

        var won = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => stores[i % 2].TryAcquireLeaseAsync(created.Id, $"instance-{i}", TimeSpan.FromMinutes(1), default)));

        Assert.Equal(1, won.Count(w => w));
    }

    [Fact]
    public async Task ListUnfinishedAsync_MixedPhases_ReturnsNonTerminalInCreationOrder()
    {
        var store = Store();
        var custom = RunbookBuilder.For("custom").OfKind(RunbookKind.Custom).Build();
        var a = await store.CreateAsync(RunbookBuilder.Request(custom), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var b = await store.CreateAsync(RunbookBuilder.Request(custom), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var c = await store.CreateAsync(RunbookBuilder.Request(custom), default);
        await store.SetPhaseAsync(b.Id, Phase.Running, null, default);
        await store.SetPhaseAsync(b.Id, Phase.WaitingForAws, null, default);
        await store.SetPhaseAsync(c.Id, Phase.Cancelled, null, default);

        Assert.Equal([a.Id, b.Id], await store.ListUnfinishedAsync(default));
    }
}

public sealed class SqliteExecutionStoreTests : ExecutionStoreTests
{
    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresExecutionStoreTests(PostgresFixture postgres) : ExecutionStoreTests
{
    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => TestDatabase.PostgresAsync(postgres.Server);
}
