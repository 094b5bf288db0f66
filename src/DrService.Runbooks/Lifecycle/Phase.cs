namespace DrService.Runbooks.Lifecycle;

/// <summary>
/// Where a run (job run, backup cycle, copy, runbook execution, drill) stands. Each value says what it guarantees.
/// </summary>
public enum Phase
{
    /// <summary>Recorded, nothing done yet: safe to start or to drop.</summary>
    Pending,

    /// <summary>Work is under way in this process; side effects may have happened.</summary>
    Running,

    /// <summary>Every side effect was issued; waiting for AWS to finish (copies, restores). Resumable by polling.</summary>
    WaitingForAws,

    /// <summary>Held by an operator or an approval gate; nothing moves until it is released.</summary>
    Paused,

    /// <summary>Done, every part succeeded. Terminal.</summary>
    Succeeded,

    /// <summary>Done, some parts failed and each failure is recorded against its resource. Terminal.</summary>
    PartiallyFailed,

    /// <summary>Done, it failed; the reason is recorded. Terminal.</summary>
    Failed,

    /// <summary>Stopped on request before it finished. Terminal; never reported as a failure.</summary>
    Cancelled,

    /// <summary>Not run on purpose (overlap with a run still going, or a fire time older than the catch-up window). Terminal.</summary>
    Skipped,
}

public static class PhaseExtensions
{
    public static bool IsTerminal(this Phase phase) =>
        phase is Phase.Succeeded or Phase.PartiallyFailed or Phase.Failed or Phase.Cancelled or Phase.Skipped;
}
