using DrService.Runbooks.Definitions;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Execution;

/// <summary>Where a step stands, folded from the journal.</summary>
public enum StepState
{
    Pending,
    WaitingForApproval,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}

/// <summary>What a journal entry records.</summary>
public enum JournalEntryKind
{
    ExecutionStarted,
    StepStarting,
    StepSucceeded,
    StepFailed,
    StepRetryScheduled,
    StepSkipped,
    StepAwaitingApproval,
    StepApproved,
    StepRejected,
    StepCancelled,
    StepLog,
    CancelRequested,
    UndoStarting,
    UndoSucceeded,
    UndoFailed,
    ExecutionEnded,
}

/// <summary>
/// One line of an execution's journal, append-only. The engine writes StepStarting before an action runs and
/// StepSucceeded/StepFailed after; operators' decisions (approve, reject, cancel) are entries too, so any instance can
/// write them and the owner picks them up. <see cref="Sequence"/> is assigned by the store (1, 2, ...).
/// </summary>
public sealed record JournalEntry
{
    public long Sequence { get; init; }

    public required JournalEntryKind Kind { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? StepId { get; init; }

    public int Attempt { get; init; }

    /// <summary>Who (for decisions and cancel), else the engine's owner id.</summary>
    public string? Actor { get; init; }

    /// <summary>Outputs on StepSucceeded, resolved inputs on StepStarting.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary>Error code on failures (AWS error code, Timeout, MissingInput...).</summary>
    public string? Code { get; init; }

    /// <summary>Error message, log line, reason of a decision.</summary>
    public string? Message { get; init; }
}

/// <summary>A request for a new execution.</summary>
public sealed record NewExecution
{
    public required RunbookDefinition Runbook { get; init; }

    public required string Application { get; init; }

    public required ExecutionMode Mode { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary>Values for <c>${params.NAME}</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Approval gates are passed through (configuration said so); recorded on the execution.</summary>
    public bool WaiveApprovals { get; init; }

    /// <summary>Deterministic key (e.g. the witness's outage key): a second request with the same key is refused.</summary>
    public string? RequestKey { get; init; }
}

/// <summary>An execution as stored. <see cref="Runbook"/> is the definition as it was when the execution was created.</summary>
public sealed record ExecutionRecord
{
    public required string Id { get; init; }

    public required RunbookDefinition Runbook { get; init; }

    public required string Application { get; init; }

    public required ExecutionMode Mode { get; init; }

    public required Phase Phase { get; init; }

    public required string RequestedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public bool WaiveApprovals { get; init; }

    public string? RequestKey { get; init; }

    public string? Error { get; init; }
}

/// <summary>Refused: another failover/failback of the application is active, or the request key was used.</summary>
public sealed class ExecutionConflictException(string message, string? existingExecutionId) : Exception(message)
{
    public string? ExistingExecutionId { get; } = existingExecutionId;
}

/// <summary>
/// Durable state of executions: records, the append-only journal and the lease that keeps two instances from running
/// one execution. The host implements it on the database; the engine's tests use an in-memory one.
/// </summary>
public interface IExecutionStore
{
    /// <summary>Creates a Pending execution. Throws <see cref="ExecutionConflictException"/> on a conflict (see there).</summary>
    Task<ExecutionRecord> CreateAsync(NewExecution request, CancellationToken cancellationToken);

    Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Entries after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string executionId, long afterSequence, CancellationToken cancellationToken);

    /// <summary>Durable when the task completes; returns the entry with its sequence.</summary>
    Task<JournalEntry> AppendAsync(string executionId, JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>Moves the execution's phase (checked against <see cref="PhaseTransitions"/>), with timestamps and error.</summary>
    Task SetPhaseAsync(string executionId, Phase phase, string? failure, CancellationToken cancellationToken);

    /// <summary>Ids of executions not in a terminal phase (to resume after a restart).</summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Takes or renews the lease when it is free, expired or already <paramref name="owner"/>'s.</summary>
    Task<bool> TryAcquireLeaseAsync(string executionId, string owner, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseLeaseAsync(string executionId, string owner, CancellationToken cancellationToken);
}
