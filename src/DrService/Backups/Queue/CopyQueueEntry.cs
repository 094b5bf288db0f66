namespace DrService.Backups.Queue;

/// <summary>Where a copy stands in the <see cref="CopyScheduler"/>.</summary>
public enum CopyQueueState
{
    /// <summary>May start as soon as its lane has a free slot.</summary>
    Queued,

    /// <summary>Backing off after a retryable failure until <see cref="CopyQueueEntry.NextAttemptAt"/>.</summary>
    Waiting,

    /// <summary>Taken by the engine; occupies a slot in its lane until completed or retried.</summary>
    InFlight,
}

/// <summary>
/// One copy as the status page shows it: <see cref="Attempts"/> counts its starts (taken or found running),
/// <see cref="LastReason"/> is the reason given with its last retry.
/// </summary>
public sealed record CopyQueueEntry(
    string Key,
    CopyLane Lane,
    CopyQueueState State,
    int Attempts,
    DateTimeOffset DueAt,
    DateTimeOffset? NextAttemptAt,
    string? LastReason);
