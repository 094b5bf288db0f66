using DrService.Runbooks.Definitions;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Execution;

/// <summary>
/// <see cref="IExecutionStore"/> in memory, thread-safe (one lock), with leases on the injected clock. Used by tests,
/// benchmarks and the host's dry runs; it follows the same contract as the database store
/// (<c>ExecutionStoreContractTests</c>).
/// </summary>
public sealed class InMemoryExecutionStore(TimeProvider time) : IExecutionStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ExecutionRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalEntry>> journals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset Expires)> leases = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    public InMemoryExecutionStore()
        : this(TimeProvider.System)
    {
    }

    public Task<ExecutionRecord> CreateAsync(NewExecution request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (gate)
        {
            if (request.RequestKey is { } key && records.Values.FirstOrDefault(r => r.RequestKey == key) is { } same)
            {
                throw new ExecutionConflictException($"Request key '{key}' was already used by execution '{same.Id}'.", same.Id);
            }
            if (ExclusiveFor(request.Runbook.Kind, request.Mode)
                && records.Values.FirstOrDefault(r => r.Application == request.Application && !r.Phase.IsTerminal() && ExclusiveFor(r.Runbook.Kind, r.Mode)) is { } active)
            {
                throw new ExecutionConflictException(
                    $"Application '{request.Application}' already has an active {active.Runbook.Kind.ToString().ToLowerInvariant()} ('{active.Id}', {active.Phase}).", active.Id);
            }
            var now = time.GetUtcNow();
            var record = new ExecutionRecord
            {
                Id = $"ex-{Guid.CreateVersion7(now):N}",
                Runbook = request.Runbook,
                Application = request.Application,
                Mode = request.Mode,
                Phase = Phase.Pending,
                RequestedBy = request.RequestedBy,
                CreatedAt = now,
                Parameters = new Dictionary<string, string>(request.Parameters, StringComparer.Ordinal),
                WaiveApprovals = request.WaiveApprovals,
                RequestKey = request.RequestKey,
            };
            records[record.Id] = record;
            journals[record.Id] = [];
            order.Add(record.Id);
            return Task.FromResult(record);
        }
    }

    /// <summary>Production failovers and failbacks exclude each other per application; drills and custom runbooks do not.</summary>
    public static bool ExclusiveFor(RunbookKind kind, ExecutionMode mode) =>
        mode == ExecutionMode.Production && kind is RunbookKind.Failover or RunbookKind.Failback;

    public Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.GetValueOrDefault(executionId));
        }
    }

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string executionId, long afterSequence, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<JournalEntry> entries = journals.TryGetValue(executionId, out var journal)
                ? journal.Where(e => e.Sequence > afterSequence).ToList()
                : [];
            return Task.FromResult(entries);
        }
    }

    public Task<JournalEntry> AppendAsync(string executionId, JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var journal = journals.TryGetValue(executionId, out var found) ? found : throw Unknown(executionId);
            var stored = entry with { Sequence = journal.Count + 1 };
            journal.Add(stored);
            return Task.FromResult(stored);
        }
    }

    public Task SetPhaseAsync(string executionId, Phase phase, string? failure, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var record = records.TryGetValue(executionId, out var found) ? found : throw Unknown(executionId);
            PhaseTransitions.EnsureCanMove(executionId, record.Phase, phase, "SetPhase");
            var now = time.GetUtcNow();
            records[executionId] = record with
            {
                Phase = phase,
                StartedAt = record.StartedAt ?? (phase == Phase.Running ? now : null),
                EndedAt = phase.IsTerminal() ? now : record.EndedAt,
                Error = failure ?? record.Error,
            };
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<string> ids = order.Where(id => !records[id].Phase.IsTerminal()).ToList();
            return Task.FromResult(ids);
        }
    }

    public Task<bool> TryAcquireLeaseAsync(string executionId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!records.ContainsKey(executionId))
            {
                return Task.FromResult(false);
            }
            var now = time.GetUtcNow();
            if (leases.TryGetValue(executionId, out var lease) && lease.Owner != owner && lease.Expires > now)
            {
                return Task.FromResult(false);
            }
            leases[executionId] = (owner, now + duration);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseLeaseAsync(string executionId, string owner, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (leases.TryGetValue(executionId, out var lease) && lease.Owner == owner)
            {
                leases.Remove(executionId);
            }
            return Task.CompletedTask;
        }
    }

    private static KeyNotFoundException Unknown(string executionId) => new($"No execution '{executionId}'.");
}
