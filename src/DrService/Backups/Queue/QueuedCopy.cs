using DrService.Backups.Model;

namespace DrService.Backups.Queue;

/// <summary>
/// A copy waiting for a slot. <see cref="DueAt"/> is when the resource's RPO is breached (the newest copy's source
/// time plus the RPO); <see cref="ExpectedDuration"/>, where known (from size and history), lets long work start
/// early. The order in which queued copies start is <see cref="CopyPriority"/>'s.
/// </summary>
public sealed record QueuedCopy(CopyOrder Order, DateTimeOffset DueAt, TimeSpan? ExpectedDuration = null)
{
    public string Key => Order.Key;

    /// <summary>When the copy must start to complete by <see cref="DueAt"/>: its urgency (<see cref="CopyPriority"/>).</summary>
    public DateTimeOffset StartBy => DueAt - (ExpectedDuration ?? TimeSpan.Zero);
}
