using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Tests.Support;

/// <summary>Passes everything through and lets a test await an entry or a phase instead of polling.</summary>
public class RecordingStore(IExecutionStore inner) : IExecutionStore
{
    private readonly Lock gate = new();
    private readonly List<(Func<JournalEntry, bool> Match, TaskCompletionSource<JournalEntry> Done)> entryWaiters = [];
    private readonly List<(Phase Phase, TaskCompletionSource Done)> phaseWaiters = [];
    private readonly List<JournalEntry> seen = [];
    private readonly List<Phase> phases = [];

    public int Appends { get; private set; }

    public IExecutionStore Inner => inner;

    public Task<JournalEntry> WaitForAsync(Func<JournalEntry, bool> match)
    {
        lock (gate)
        {
            if (seen.FirstOrDefault(match) is { } found)
            {
                return Task.FromResult(found);
            }
            var done = new TaskCompletionSource<JournalEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            entryWaiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
    }

    public Task WaitForAsync(JournalEntryKind kind, string? stepId = null) => WaitForAsync(e => e.Kind == kind && (stepId is null || e.StepId == stepId));

    public Task WaitForPhaseAsync(Phase phase)
    {
        lock (gate)
        {
            if (phases.Contains(phase))
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            phaseWaiters.Add((phase, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
    }

    public virtual Task<ExecutionRecord> CreateAsync(NewExecution request, CancellationToken cancellationToken) => inner.CreateAsync(request, cancellationToken);

    public virtual Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken) => inner.GetAsync(executionId, cancellationToken);

    public virtual Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string executionId, long afterSequence, CancellationToken cancellationToken) =>
        inner.ReadJournalAsync(executionId, afterSequence, cancellationToken);

    public virtual async Task<JournalEntry> AppendAsync(string executionId, JournalEntry entry, CancellationToken cancellationToken)
    {
        var stored = await inner.AppendAsync(executionId, entry, cancellationToken);
        lock (gate)
        {
            Appends++;
            seen.Add(stored);
            foreach (var waiter in entryWaiters.Where(w => w.Match(stored)).ToList())
            {
                entryWaiters.Remove(waiter);
                waiter.Done.TrySetResult(stored);
            }
        }
        return stored;
    }

    public virtual async Task SetPhaseAsync(string executionId, Phase phase, string? failure, CancellationToken cancellationToken)
    {
        await inner.SetPhaseAsync(executionId, phase, failure, cancellationToken);
        lock (gate)
        {
            phases.Add(phase);
            foreach (var waiter in phaseWaiters.Where(w => w.Phase == phase).ToList())
            {
                phaseWaiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    public virtual Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken) => inner.ListUnfinishedAsync(cancellationToken);

    public virtual Task<bool> TryAcquireLeaseAsync(string executionId, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.TryAcquireLeaseAsync(executionId, owner, duration, cancellationToken);

    public virtual Task ReleaseLeaseAsync(string executionId, string owner, CancellationToken cancellationToken) =>
        inner.ReleaseLeaseAsync(executionId, owner, cancellationToken);
}

/// <summary>
/// Simulates the process dying at append number <c>crashAt</c>: the append throws (before or after it was written),
/// and from then on every call throws, so the dead engine can neither write, renew nor release its lease.
/// </summary>
public sealed class CrashingStore(IExecutionStore inner, int crashAt, bool afterWrite) : IExecutionStore
{
    private int appends;
    private volatile bool dead;

    public bool Crashed => dead;

    private void ThrowIfDead()
    {
        if (dead)
        {
            throw new IOException("the process is dead");
        }
    }

    public Task<ExecutionRecord> CreateAsync(NewExecution request, CancellationToken cancellationToken) => inner.CreateAsync(request, cancellationToken);

    public Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.GetAsync(executionId, cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string executionId, long afterSequence, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.ReadJournalAsync(executionId, afterSequence, cancellationToken);
    }

    public async Task<JournalEntry> AppendAsync(string executionId, JournalEntry entry, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        if (Interlocked.Increment(ref appends) == crashAt)
        {
            dead = true;
            if (afterWrite)
            {
                await inner.AppendAsync(executionId, entry, cancellationToken);
            }
            throw new IOException($"crashed at append {crashAt} ({entry.Kind} {entry.StepId}, {(afterWrite ? "after" : "before")} the write)");
        }
        return await inner.AppendAsync(executionId, entry, cancellationToken);
    }

    public Task SetPhaseAsync(string executionId, Phase phase, string? failure, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.SetPhaseAsync(executionId, phase, failure, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.ListUnfinishedAsync(cancellationToken);
    }

    public Task<bool> TryAcquireLeaseAsync(string executionId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.TryAcquireLeaseAsync(executionId, owner, duration, cancellationToken);
    }

    public Task ReleaseLeaseAsync(string executionId, string owner, CancellationToken cancellationToken)
    {
        ThrowIfDead();
        return inner.ReleaseLeaseAsync(executionId, owner, cancellationToken);
    }
}
