namespace DrService.Backups.Queue;

/// <summary>
/// The order in which queued copies start: the earliest <see cref="QueuedCopy.StartBy"/> first, i.e. the copy that
/// must start soonest to complete before its RPO is breached (<see cref="QueuedCopy.DueAt"/> less its expected
/// duration; with durations unknown this is plain earliest-due-first); on equal urgency the longer expected copy first
/// (long work started early shortens the makespan); then <see cref="QueuedCopy.Key"/> (ordinal), for determinism.
/// Ordering by DueAt alone started a 12-hour copy due a few minutes after 300 short ones last, 55 % over the
/// shortest possible makespan (see docs/performance.md, "Copy scheduling under AWS limits").
/// </summary>
public sealed class CopyPriority : IComparer<QueuedCopy>
{
    public static CopyPriority Instance { get; } = new();

    private CopyPriority()
    {
    }

    public int Compare(QueuedCopy? x, QueuedCopy? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        var byDue = x.StartBy.CompareTo(y.StartBy);
        if (byDue != 0)
        {
            return byDue;
        }
        var byLength = (y.ExpectedDuration ?? TimeSpan.Zero).CompareTo(x.ExpectedDuration ?? TimeSpan.Zero);
        return byLength != 0 ? byLength : string.CompareOrdinal(x.Key, y.Key);
    }
}
