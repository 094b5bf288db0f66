using DrService.Runbooks.Execution;

namespace DrService.Runbooks.Store;

/// <summary>One row of <c>runbook_journal</c>; (execution, sequence) is unique and the sequence is assigned on insert.</summary>
public sealed class RunbookJournalRecord
{
    public long Id { get; set; }

    public required string ExecutionId { get; set; }

    public long Sequence { get; set; }

    public JournalEntryKind Kind { get; set; }

    public DateTimeOffset At { get; set; }

    public string? StepId { get; set; }

    public int Attempt { get; set; }

    public string? Actor { get; set; }

    /// <summary>A JSON object of strings (outputs, resolved inputs), or null.</summary>
    public string? Data { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}
