using DrService.Backups.Model;

namespace DrService.Backups.Queue;

/// <summary>
/// Decides which cross-region copies may start now under AWS's concurrency limits (<see cref="CopyLimits"/>), one lane
/// per destination region and <see cref="CopyLaneKind"/>, plus the per-source-region AMI sub-limit. Pure bookkeeping:
/// it makes no AWS call. The engine enqueues copies, starts what <see cref="TakeReady()"/> returns, and reports each
/// started copy back exactly once: <see cref="Completed"/> (done, or failed for good), or <see cref="Retry"/> (a
/// limit or throttling answer), after which the copy waits out a jittered exponential backoff and is queued again:
/// a copy is never dropped. Thread-safe.
/// </summary>
public sealed partial class CopyScheduler
{
    private readonly CopyLimits _limits;
    private readonly TimeProvider _time;
    private readonly CopyBackoff _backoff;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<CopyLane, LaneState> _lanes = [];
    private readonly PriorityQueue<Entry, DateTimeOffset> _waiting = new();
    private int _inFlight;

    public CopyScheduler(CopyLimits limits, TimeProvider time, CopyBackoff? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        _limits = limits;
        _time = time;
        _backoff = backoff ?? CopyBackoff.Default;
    }

    /// <summary>Copies not in flight: queued for a slot or waiting out a backoff.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count - _inFlight;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>The earliest future backoff expiry among waiting copies (when the engine should call <see cref="TakeReady()"/> again); null when none waits.</summary>
    public DateTimeOffset? NextRetryAt
    {
        get
        {
            lock (_gate)
            {
                PromoteExpired(_time.GetUtcNow());
                return _waiting.TryPeek(out _, out var at) ? at : null;
            }
        }
    }

    /// <summary>Queues <paramref name="copy"/>; a key already queued, waiting or in flight is ignored.</summary>
    public void Enqueue(QueuedCopy copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        lock (_gate)
        {
            if (_entries.ContainsKey(copy.Key))
            {
                return;
            }
            var entry = new Entry(copy, SubLaneOf(copy.Order));
            _entries.Add(copy.Key, entry);
            entry.SubLane.Ready.Add(entry);
        }
    }

    /// <summary>
    /// Records a copy found already running (at start-up): it occupies its slot, even beyond the limit (AWS counts it
    /// whatever we think), until <see cref="Completed"/> or <see cref="Retry"/>. A queued copy of that key is taken.
    /// </summary>
    public void MarkInFlight(CopyOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            if (!_entries.TryGetValue(order.Key, out var entry))
            {
                entry = new Entry(new QueuedCopy(order, _time.GetUtcNow()), SubLaneOf(order));
                _entries.Add(order.Key, entry);
            }
            else if (entry.State == CopyQueueState.InFlight)
            {
                return;
            }
            else if (entry.State == CopyQueueState.Queued)
            {
                entry.SubLane.Ready.Remove(entry);
            }
            Start(entry);
        }
    }

    /// <summary>
    /// Every queued copy that may start now under all limits and whose backoff has passed, most urgent first; each is
    /// counted in flight from now on.
    /// </summary>
    public IReadOnlyList<QueuedCopy> TakeReady() => TakeReady(static _ => true);

    /// <summary>
    /// As <see cref="TakeReady()"/>, but only copies <paramref name="mine"/> accepts: callers sharing one scheduler (one
    /// per process, so that AWS's limits hold across applications) each take their own copies.
    /// </summary>
    public IReadOnlyList<QueuedCopy> TakeReady(Func<QueuedCopy, bool> mine)
    {
        ArgumentNullException.ThrowIfNull(mine);
        lock (_gate)
        {
            PromoteExpired(_time.GetUtcNow());
            var taken = new List<QueuedCopy>();
            foreach (var lane in _lanes.Values)
            {
                TakeFrom(lane, taken, mine);
            }
            taken.Sort(CopyPriority.Instance);
            return taken;
        }
    }

    /// <summary>The copy is done (or failed for good): frees its slot. Unknown keys are ignored; a copy still queued is removed.</summary>
    public void Completed(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_entries.Remove(key, out var entry))
            {
                return;
            }
            switch (entry.State)
            {
                case CopyQueueState.InFlight:
                    Release(entry);
                    break;
                case CopyQueueState.Queued:
                    entry.SubLane.Ready.Remove(entry);
                    break;
                case CopyQueueState.Waiting:
                    break; // its backoff record in _waiting is now stale and skipped
            }
        }
    }

    /// <summary>
    /// The copy was refused or throttled (<paramref name="reason"/>, e.g. <c>ResourceLimitExceeded</c>): frees its slot
    /// and queues it again after the backoff for its n-th failure.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key is not in flight.</exception>
    public void Retry(string key, string reason)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.State != CopyQueueState.InFlight)
            {
                var state = entry is null ? "unknown" : entry.State.ToString();
                throw new InvalidOperationException($"Copy {key} cannot be retried ({reason}): it is {state}, not in flight.");
            }
            Release(entry);
            entry.Failures++;
            entry.LastReason = reason;
            entry.NextAttemptAt = _time.GetUtcNow() + _backoff.DelayFor(entry.Failures);
            entry.State = CopyQueueState.Waiting;
            _waiting.Enqueue(entry, entry.NextAttemptAt.Value);
        }
    }

    /// <summary>Every copy the scheduler holds, for status: in flight, then queued in priority order, then waiting by next attempt.</summary>
    public IReadOnlyList<CopyQueueEntry> Snapshot()
    {
        lock (_gate)
        {
            PromoteExpired(_time.GetUtcNow());
            return _entries.Values
                .OrderBy(e => e.State switch { CopyQueueState.InFlight => 0, CopyQueueState.Queued => 1, _ => 2 })
                .ThenBy(e => e.NextAttemptAt)
                .ThenBy(e => e.Copy, CopyPriority.Instance)
                .Select(e => new CopyQueueEntry(e.Copy.Key, e.SubLane.Lane.Lane, e.State, e.Attempts, e.Copy.DueAt, e.NextAttemptAt, e.LastReason))
                .ToList();
        }
    }
}
