namespace DrService.Backups.Queue;

/// <summary>
/// The order in which queued copies start: the earliest <see cref="QueuedCopy.DueAt"/> (the most overdue) first; on
/// equal urgency the longer <see cref="QueuedCopy.ExpectedDuration"/> first (long work started early shortens the
/// makespan; unknown counts as zero); then <see cref="QueuedCopy.Key"/> (ordinal), so that the order is deterministic.
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
        var byDue = x.DueAt.CompareTo(y.DueAt);
        if (byDue != 0)
        {
            return byDue;
        }
        var byLength = (y.ExpectedDuration ?? TimeSpan.Zero).CompareTo(x.ExpectedDuration ?? TimeSpan.Zero);
        return byLength != 0 ? byLength : string.CompareOrdinal(x.Key, y.Key);
    }
}
