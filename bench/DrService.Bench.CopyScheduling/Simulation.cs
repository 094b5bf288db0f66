using DrService.Backups.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Bench.CopyScheduling;

internal sealed record SimResult(TimeSpan Makespan, int Retries, DateTimeOffset LastCompletion);

/// <summary>
/// Drives the real <see cref="CopyScheduler"/> with a fake clock: start what it hands out, complete each copy when its
/// duration has passed, answer a fraction of starts with ResourceLimitExceeded (the copy goes to Retry), and jump
/// the clock to the next completion or backoff expiry until every copy is done.
/// </summary>
internal static class Simulation
{
    public static SimResult Run(IReadOnlyList<SimCopy> copies, CopyLimits limits, double limitErrorRate, bool durationsKnown, int seed)
    {
        var time = new FakeTimeProvider(Workload.Start);
        var random = new Random(seed);
        var scheduler = new CopyScheduler(limits, time, new CopyBackoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 0.2, new Random(seed)));
        var durations = copies.ToDictionary(c => c.Queued.Key, c => c.Duration, StringComparer.Ordinal);
        foreach (var copy in copies)
        {
            scheduler.Enqueue(durationsKnown ? copy.Queued : copy.Queued with { ExpectedDuration = null });
        }
        var running = new PriorityQueue<string, DateTimeOffset>();
        var retries = 0;
        var done = 0;
        var last = Workload.Start;
        while (done < copies.Count)
        {
            IReadOnlyList<QueuedCopy> taken;
            while ((taken = scheduler.TakeReady()).Count > 0)
            {
                foreach (var copy in taken)
                {
                    if (random.NextDouble() < limitErrorRate)
                    {
                        scheduler.Retry(copy.Key, "ResourceLimitExceeded");
                        retries++;
                    }
                    else
                    {
                        running.Enqueue(copy.Key, time.GetUtcNow() + durations[copy.Key]);
                    }
                }
            }
            DateTimeOffset? completion = running.TryPeek(out _, out var at) ? at : null;
            var next = new[] { completion, scheduler.NextRetryAt }.Min()
                ?? throw new InvalidOperationException($"Stuck: {scheduler.Queued} queued, nothing running or waiting.");
            time.AdjustTime(next);
            while (running.TryPeek(out var key, out var end) && end <= next)
            {
                running.Dequeue();
                scheduler.Completed(key);
                done++;
                last = end;
            }
        }
        return new SimResult(last - Workload.Start, retries, last);
    }
}
