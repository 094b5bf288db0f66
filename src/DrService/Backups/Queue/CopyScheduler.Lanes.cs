using DrService.Backups.Model;

namespace DrService.Backups.Queue;

// Lane bookkeeping. A lane (destination region, lane kind) has one ready set per source region for AMIs (their
// sub-limit) and a single one otherwise; taking merges the heads of the sub-lanes that still have room.
public sealed partial class CopyScheduler
{
    private SubLane SubLaneOf(CopyOrder order)
    {
        var key = CopyLane.Of(order);
        if (!_lanes.TryGetValue(key, out var lane))
        {
            lane = new LaneState(key, _limits.For(key.Kind));
            _lanes.Add(key, lane);
        }
        var source = key.Kind == CopyLaneKind.Image ? order.Source.Region : string.Empty;
        if (!lane.BySource.TryGetValue(source, out var sub))
        {
            sub = new SubLane(lane, key.Kind == CopyLaneKind.Image ? _limits.ImageCopiesPerSourceRegion : int.MaxValue);
            lane.BySource.Add(source, sub);
        }
        return sub;
    }

    private void TakeFrom(LaneState lane, List<QueuedCopy> taken, Func<QueuedCopy, bool> mine)
    {
        while (lane.InFlight < lane.Capacity)
        {
            Entry? best = null;
            foreach (var sub in lane.BySource.Values)
            {
                if (sub.InFlight >= sub.Capacity)
                {
                    continue;
                }
                var candidate = sub.Ready.FirstOrDefault(e => mine(e.Copy));
                if (candidate is not null && (best is null || EntryOrder.Instance.Compare(candidate, best) < 0))
                {
                    best = candidate;
                }
            }
            if (best is null)
            {
                return;
            }
            best.SubLane.Ready.Remove(best);
            Start(best);
            taken.Add(best.Copy);
        }
    }

    private void Start(Entry entry)
    {
        entry.State = CopyQueueState.InFlight;
        entry.NextAttemptAt = null;
        entry.Attempts++;
        entry.SubLane.InFlight++;
        entry.SubLane.Lane.InFlight++;
        _inFlight++;
    }

    private void Release(Entry entry)
    {
        entry.SubLane.InFlight--;
        entry.SubLane.Lane.InFlight--;
        _inFlight--;
    }

    /// <summary>Queues the waiting copies whose backoff has passed and drops stale backoff records from the top.</summary>
    private void PromoteExpired(DateTimeOffset now)
    {
        while (_waiting.TryPeek(out var entry, out var at))
        {
            var live = entry.State == CopyQueueState.Waiting && entry.NextAttemptAt == at
                && _entries.TryGetValue(entry.Copy.Key, out var current) && ReferenceEquals(current, entry);
            if (live && at > now)
            {
                return;
            }
            _waiting.Dequeue();
            if (live)
            {
                entry.State = CopyQueueState.Queued;
                entry.SubLane.Ready.Add(entry);
            }
        }
    }

    private sealed class Entry(QueuedCopy copy, SubLane subLane)
    {
        public QueuedCopy Copy { get; } = copy;

        public SubLane SubLane { get; } = subLane;

        public CopyQueueState State { get; set; } = CopyQueueState.Queued;

        public int Attempts { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset? NextAttemptAt { get; set; }

        public string? LastReason { get; set; }
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static EntryOrder Instance { get; } = new();

        public int Compare(Entry? x, Entry? y) => CopyPriority.Instance.Compare(x?.Copy, y?.Copy);
    }

    private sealed class LaneState(CopyLane lane, int capacity)
    {
        public CopyLane Lane { get; } = lane;

        public int Capacity { get; } = capacity;

        public int InFlight { get; set; }

        public Dictionary<string, SubLane> BySource { get; } = new(StringComparer.Ordinal);
    }

    private sealed class SubLane(LaneState lane, int capacity)
    {
        public LaneState Lane { get; } = lane;

        public int Capacity { get; } = capacity;

        public int InFlight { get; set; }

        public SortedSet<Entry> Ready { get; } = new(EntryOrder.Instance);
    }
}
