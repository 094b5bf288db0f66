using System.Collections.Concurrent;
using DrService.Backups.Model;
using DrService.Backups.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Backups.Queue;

/// <summary>Whole-queue properties: nothing is dropped, no limit is ever exceeded, also under parallel callers.</summary>
public sealed class CopySchedulerDrainTests
{
    private static readonly string[] Sources = ["us-east-1", "us-east-2", "eu-central-1"];
    private static readonly string[] Destinations = ["us-west-2", "eu-west-1"];
    private static readonly ArtifactKind[] Kinds = Enum.GetValues<ArtifactKind>();
    private static readonly CopyLimits Limits = new(ImageCopies: 30, ImageCopiesPerSourceRegion: 12, EbsSnapshotCopies: 20, DbSnapshotCopies: 8);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Drain_ThousandRandomCopiesWithRepeatedRetries_EveryKeyCompletesExactlyOnceWithinLimits(int seed)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(CopyBuilder.T0);
        var scheduler = new CopyScheduler(Limits, time, new CopyBackoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 0.2, new Random(seed)));
        var copies = RandomCopies(random, 1000);
        // A tenth of the copies are refused 1 to 12 times in a row; any start may also be throttled (5 %).
        var refusals = copies.Where(_ => random.NextDouble() < 0.1).ToDictionary(c => c.Key, _ => random.Next(1, 13));
        var durations = copies.ToDictionary(c => c.Key, _ => TimeSpan.FromMinutes(random.Next(1, 120)));
        foreach (var copy in copies)
        {
            scheduler.Enqueue(copy);
        }
        var running = new PriorityQueue<QueuedCopy, DateTimeOffset>();
        var completions = new Dictionary<string, int>(StringComparer.Ordinal);
        var retries = 0;

        while (scheduler.Queued + scheduler.InFlight > 0)
        {
            IReadOnlyList<QueuedCopy> taken;
            while ((taken = scheduler.TakeReady()).Count > 0)
            {
                foreach (var copy in taken)
                {
                    if ((refusals.TryGetValue(copy.Key, out var left) && left > 0) || random.NextDouble() < 0.05)
                    {
                        refusals[copy.Key] = left - 1;
                        scheduler.Retry(copy.Key, "ResourceLimitExceeded");
                        retries++;
                    }
                    else
                    {
                        running.Enqueue(copy, time.GetUtcNow() + durations[copy.Key]);
                    }
                }
                AssertWithinLimits(running.UnorderedItems.Select(i => i.Element));
            }
            var next = new[] { running.TryPeek(out _, out var doneAt) ? doneAt : (DateTimeOffset?)null, scheduler.NextRetryAt }.Min();
            Assert.NotNull(next); // something queued, nothing running and nothing waiting would be a stuck queue
            time.AdjustTime(next.Value);
            while (running.TryPeek(out var copy, out var at) && at <= time.GetUtcNow())
            {
                running.Dequeue();
                completions[copy.Key] = completions.GetValueOrDefault(copy.Key) + 1;
                scheduler.Completed(copy.Key);
            }
        }

        Assert.Equal(copies.Select(c => c.Key).Order(StringComparer.Ordinal), completions.Keys.Order(StringComparer.Ordinal));
        Assert.All(completions.Values, n => Assert.Equal(1, n));
        Assert.True(retries > 100, $"the test exercised retries ({retries})");
        Assert.Empty(scheduler.Snapshot());
    }

    [Fact]
    public async Task TakeReadyAndCompleted_FromParallelTasks_NeverExceedALimitAndCompleteEverything()
    {
        var scheduler = new CopyScheduler(Limits, TimeProvider.System);
        var copies = RandomCopies(new Random(5), 2000);
        foreach (var copy in copies)
        {
            scheduler.Enqueue(copy);
        }
        var started = new ConcurrentDictionary<string, QueuedCopy>(StringComparer.Ordinal);
        var completed = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var violations = new ConcurrentBag<string>();

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var random = new Random(w);
            for (var round = 0; completed.Count < copies.Count && round < 1_000_000; round++)
            {
                foreach (var copy in scheduler.TakeReady())
                {
                    Assert.True(started.TryAdd(copy.Key, copy), $"{copy.Key} was handed out twice");
                }
                var mine = started.Keys.Take(random.Next(1, 8)).ToList();
                var snapshot = started.Values.ToList();
                violations.Add(LimitViolation(snapshot) ?? string.Empty);
                foreach (var key in mine)
                {
                    if (started.TryRemove(key, out _))
                    {
                        completed.AddOrUpdate(key, 1, (_, n) => n + 1);
                        scheduler.Completed(key);
                    }
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        Assert.All(violations, v => Assert.Equal(string.Empty, v));
        Assert.Equal(copies.Count, completed.Count);
        Assert.All(completed.Values, n => Assert.Equal(1, n));
        Assert.Equal((0, 0), (scheduler.Queued, scheduler.InFlight));
    }

    private static List<QueuedCopy> RandomCopies(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(i => CopyBuilder.For(Kinds[random.Next(Kinds.Length)], $"src-{i:D4}")
                .From(Sources[random.Next(Sources.Length)])
                .To(Destinations[random.Next(Destinations.Length)])
                .DueAt(CopyBuilder.T0.AddMinutes(random.Next(-600, 600)))
                .Taking(TimeSpan.FromMinutes(random.Next(1, 120)))
                .Build())
            .ToList();

    private static void AssertWithinLimits(IEnumerable<QueuedCopy> running) => Assert.Null(LimitViolation(running.ToList()));

    private static string? LimitViolation(IReadOnlyCollection<QueuedCopy> running)
    {
        foreach (var lane in running.GroupBy(c => CopyLane.Of(c.Order)))
        {
            if (lane.Count() > Limits.For(lane.Key.Kind))
            {
                return $"{lane.Key}: {lane.Count()} running";
            }
        }
        foreach (var source in running.Where(c => c.Order.Source.Kind == ArtifactKind.Image).GroupBy(c => (c.Order.DestinationRegion, c.Order.Source.Region)))
        {
            if (source.Count() > Limits.ImageCopiesPerSourceRegion)
            {
                return $"{source.Key}: {source.Count()} AMIs running";
            }
        }
        return null;
    }
}
