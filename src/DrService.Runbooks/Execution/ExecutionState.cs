using System.Globalization;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Execution;

public enum ApprovalState
{
    None,
    Waiting,
    Approved,
    Rejected,
}

public enum UndoState
{
    None,
    Running,
    Succeeded,
    Failed,
}

/// <summary>Why an execution stops early, and the phase it ends in: the first cancel, rejection or final failure.</summary>
public sealed record ExecutionStop(Phase Phase, string Error, long Sequence);

/// <summary>One step as folded from the journal.</summary>
public sealed class StepStatus
{
    internal StepStatus(StepDefinition definition) => Definition = definition;

    public StepDefinition Definition { get; }

    public string Id => Definition.Id;

    public StepState State { get; internal set; } = StepState.Pending;

    /// <summary>The last attempt started (0: never started).</summary>
    public int Attempt { get; internal set; }

    /// <summary>The attempt to run next (after a retry was scheduled), or the one to resume.</summary>
    public int NextAttempt { get; internal set; } = 1;

    public DateTimeOffset? RetryDueAt { get; internal set; }

    public DateTimeOffset? StartedAt { get; internal set; }

    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>Resolved inputs of the last attempt started.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; internal set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Outputs { get; internal set; } = new Dictionary<string, string>();

    public string? ErrorCode { get; internal set; }

    public string? Error { get; internal set; }

    /// <summary>Sequence of the StepSucceeded entry (the order of completion, for undo).</summary>
    public long SucceededSequence { get; internal set; }

    public ApprovalState Approval { get; internal set; }

    public string? ApprovalBy { get; internal set; }

    public DateTimeOffset? ApprovalAt { get; internal set; }

    public string? ApprovalReason { get; internal set; }

    /// <summary>Why the step was skipped (its mode, a fan-out kind with no items, an empty <c>when</c>).</summary>
    public string? SkipReason { get; internal set; }

    public UndoState Undo { get; internal set; }

    public string? UndoError { get; internal set; }

    public bool IsTerminal => State is StepState.Succeeded or StepState.Failed or StepState.Skipped or StepState.Cancelled;
}

/// <summary>
/// An execution folded from its journal: the journal is the only truth, so the engine, the API and reports all see the
/// same state. Apply entries in sequence order.
/// </summary>
public sealed class ExecutionState
{
    private readonly Dictionary<string, StepStatus> steps;

    public ExecutionState(RunbookDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        steps = definition.Steps.ToDictionary(s => s.Id, s => new StepStatus(s), StringComparer.Ordinal);
    }

    public RunbookDefinition Definition { get; }

    /// <summary>In definition order.</summary>
    public IEnumerable<StepStatus> Steps => Definition.Steps.Select(s => steps[s.Id]);

    public StepStatus this[string stepId] => steps[stepId];

    public long LastSequence { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public bool CancelRequested { get; private set; }

    public ExecutionStop? Stop { get; private set; }

    /// <summary>Set once ExecutionEnded is journalled: the phase and error the execution ended with.</summary>
    public (Phase Phase, string? Error)? Ended { get; private set; }

    public static ExecutionState Replay(RunbookDefinition definition, IEnumerable<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var state = new ExecutionState(definition);
        foreach (var entry in entries)
        {
            state.Apply(entry);
        }
        return state;
    }

    public void Apply(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        LastSequence = Math.Max(LastSequence, entry.Sequence);
        var step = entry.StepId is not null ? steps.GetValueOrDefault(entry.StepId) : null;
        switch (entry.Kind)
        {
            case JournalEntryKind.ExecutionStarted:
                StartedAt ??= entry.At;
                break;
            case JournalEntryKind.CancelRequested:
                CancelRequested = true;
                StopWith(Phase.Cancelled, $"Cancelled by {entry.Actor ?? "?"}" + (string.IsNullOrEmpty(entry.Message) ? "" : $": {entry.Message}"), entry);
                break;
            case JournalEntryKind.ExecutionEnded:
                Ended = (Enum.TryParse<Phase>(entry.Data?.GetValueOrDefault("phase"), out var phase) ? phase : Phase.Failed, entry.Message);
                break;
            default:
                if (step is not null)
                {
                    ApplyStep(step, entry);
                }
                break;
        }
    }

    private void ApplyStep(StepStatus step, JournalEntry entry)
    {
        switch (entry.Kind)
        {
            case JournalEntryKind.StepStarting:
                step.State = StepState.Running;
                step.Attempt = entry.Attempt;
                step.NextAttempt = entry.Attempt;
                step.RetryDueAt = null;
                step.StartedAt ??= entry.At;
                step.Inputs = entry.Data ?? new Dictionary<string, string>();
                break;
            case JournalEntryKind.StepSucceeded:
                step.State = StepState.Succeeded;
                step.Outputs = entry.Data ?? new Dictionary<string, string>();
                step.EndedAt = entry.At;
                step.SucceededSequence = entry.Sequence;
                step.ErrorCode = null;
                step.Error = null;
                break;
            case JournalEntryKind.StepRetryScheduled:
                step.State = StepState.Pending;
                step.NextAttempt = entry.Attempt;
                step.ErrorCode = entry.Code;
                step.Error = entry.Message;
                step.RetryDueAt = entry.Data?.GetValueOrDefault("dueAt") is { } due
                    && DateTimeOffset.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : entry.At;
                break;
            case JournalEntryKind.StepFailed:
                step.State = StepState.Failed;
                step.ErrorCode = entry.Code;
                step.Error = entry.Message;
                step.EndedAt = entry.At;
                StopWith(Phase.Failed, $"Step '{step.Id}' failed ({entry.Code}): {entry.Message}", entry);
                break;
            case JournalEntryKind.StepSkipped:
                step.State = StepState.Skipped;
                step.EndedAt = entry.At;
                step.SkipReason = entry.Message;
                break;
            case JournalEntryKind.StepAwaitingApproval when step.State == StepState.Pending:
                step.State = StepState.WaitingForApproval;
                step.Approval = ApprovalState.Waiting;
                break;
            case JournalEntryKind.StepApproved when step.State is StepState.Pending or StepState.WaitingForApproval && step.Approval != ApprovalState.Rejected:
                step.State = StepState.Pending;
                step.Approval = ApprovalState.Approved;
                step.ApprovalBy = entry.Actor;
                step.ApprovalAt = entry.At;
                step.ApprovalReason = entry.Message;
                break;
            case JournalEntryKind.StepRejected when step.State is StepState.Pending or StepState.WaitingForApproval && step.Approval != ApprovalState.Approved:
                step.State = StepState.Failed;
                step.Approval = ApprovalState.Rejected;
                step.ApprovalBy = entry.Actor;
                step.ApprovalAt = entry.At;
                step.ApprovalReason = entry.Message;
                step.ErrorCode = "Rejected";
                step.Error = $"Rejected by {entry.Actor ?? "?"}: {entry.Message}";
                step.EndedAt = entry.At;
                StopWith(Phase.Failed, $"Step '{step.Id}' was rejected by {entry.Actor ?? "?"}: {entry.Message}", entry);
                break;
            case JournalEntryKind.StepCancelled when !step.IsTerminal:
                step.State = StepState.Cancelled;
                step.EndedAt = entry.At;
                step.Error = entry.Message;
                break;
            case JournalEntryKind.UndoStarting:
                step.Undo = UndoState.Running;
                break;
            case JournalEntryKind.UndoSucceeded:
                step.Undo = UndoState.Succeeded;
                break;
            case JournalEntryKind.UndoFailed:
                step.Undo = UndoState.Failed;
                step.UndoError = $"{entry.Code}: {entry.Message}";
                break;
            default:
                break;
        }
    }

    private void StopWith(Phase phase, string error, JournalEntry entry) => Stop ??= new ExecutionStop(phase, error, entry.Sequence);
}
