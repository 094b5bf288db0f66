using DrService.Runbooks.Lifecycle;

namespace DrService.Storage;

/// <summary>One run of a scheduled or manually triggered job: its spec, its phase and its progress.</summary>
public sealed class JobRunRecord
{
    public long Id { get; set; }

    /// <summary>Deterministic key: <c>{job}-{scheduledFireTimeUtc:yyyyMMddHHmmss}</c>, or <c>{job}-manual-{id}</c>. Unique.</summary>
    public required string Key { get; set; }

    public required string Job { get; set; }

    /// <summary>The application the run is for, when it is for one.</summary>
    public string? Application { get; set; }

    public RunTrigger Trigger { get; set; }

    public Phase Phase { get; set; }

    public DateTimeOffset ScheduledAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public int ProgressDone { get; set; }

    public int ProgressTotal { get; set; }

    public string? Message { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>The service instance that ran (or last resumed) the run.</summary>
    public string? Instance { get; set; }

    /// <summary>How many times the run was started: 1 for the first start, plus one per resumption after its instance died mid-run.</summary>
    public int Attempts { get; set; }
}

public enum RunTrigger
{
    Scheduled,
    Manual,
    Recovery,
}
