using DrService.Backups.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Backups.Queue;

public sealed class CopySchedulerRetryTests
{
    private static readonly CopyBackoff NoJitter = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 0);
    private readonly FakeTimeProvider _time = new(CopyBuilder.T0);

    [Fact]
    public void Retry_RepeatedLimitErrors_WaitsDoublingBackoffCappedAtMax()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time, NoJitter);
        var copy = CopyBuilder.Ebs("vol-1").Build();
        scheduler.Enqueue(copy);
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 7; attempt++)
        {
            Assert.Same(copy, Assert.Single(scheduler.TakeReady()));
            scheduler.Retry(copy.Key, "ResourceLimitExceeded");
            var retryAt = scheduler.NextRetryAt!.Value;
            waits.Add(retryAt - _time.GetUtcNow());

            _time.Advance(retryAt - _time.GetUtcNow() - TimeSpan.FromTicks(1));
            Assert.Empty(scheduler.TakeReady()); // not a tick before its backoff has passed
            _time.Advance(TimeSpan.FromTicks(1));
        }

        Assert.Equal([30, 60, 120, 240, 480, 600, 600], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void Retry_FreesTheSlot_AnotherQueuedCopyStartsAtOnce()
    {
        var scheduler = new CopyScheduler(new CopyLimits(EbsSnapshotCopies: 1), _time, NoJitter);
        scheduler.Enqueue(CopyBuilder.Ebs("a").DueAt(CopyBuilder.T0).Build());
        scheduler.Enqueue(CopyBuilder.Ebs("b").DueAt(CopyBuilder.T0.AddHours(1)).Build());
        var a = Assert.Single(scheduler.TakeReady());

        scheduler.Retry(a.Key, "SnapshotQuotaExceeded");

        Assert.Equal("b", Assert.Single(scheduler.TakeReady()).Order.Source.Id);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(scheduler.TakeReady()); // back in the queue, but the lane is full
        scheduler.Completed(CopyBuilder.Ebs("b").Order().Key);
        Assert.Equal("a", Assert.Single(scheduler.TakeReady()).Order.Source.Id);
    }

    [Theory]
    [InlineData(1, 24, 30)]
    [InlineData(2, 48, 60)]
    [InlineData(5, 384, 480)]
    [InlineData(9, 480, 600)]
    public void DelayFor_WithJitter_StaysWithinJitterBelowNominal(int attempt, double minSeconds, double maxSeconds)
    {
        var backoff = new CopyBackoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 0.2, new Random(7));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.DelayFor(attempt).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, minSeconds, maxSeconds));
        Assert.True(delays.Distinct().Count() > 100, "jitter spreads the delays");
    }

    [Fact]
    public void DelayFor_SameSeed_SameDelays()
    {
        CopyBackoff Seeded() => new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 0.2, new Random(42));
        var (one, two) = (Seeded(), Seeded());

        Assert.Equal(
            Enumerable.Range(1, 10).Select(one.DelayFor),
            Enumerable.Range(1, 10).Select(two.DelayFor));
        Assert.Equal(one, two);
    }

    [Theory]
    [InlineData(0, 600, 0.2)]
    [InlineData(30, 10, 0.2)]
    [InlineData(30, 600, 0.5)]
    [InlineData(30, 600, -0.1)]
    public void CopyBackoff_InvalidValues_Throw(int baseSeconds, int maxSeconds, double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CopyBackoff(TimeSpan.FromSeconds(baseSeconds), TimeSpan.FromSeconds(maxSeconds), jitter));

    [Fact]
    public void Snapshot_QueuedWaitingAndInFlight_ReportsStateAttemptsAndReason()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time, NoJitter);
        scheduler.Enqueue(CopyBuilder.Ebs("failing").DueAt(CopyBuilder.T0.AddMinutes(-1)).Build());
        scheduler.Enqueue(CopyBuilder.Ebs("running").Build());
        var taken = scheduler.TakeReady();
        scheduler.Retry(taken[0].Key, "ResourceLimitExceeded");
        scheduler.Enqueue(CopyBuilder.Ebs("new").Build());

        var rows = scheduler.Snapshot().Select(e => (e.Key.Split('/')[^1], e.State, e.Attempts, e.NextAttemptAt, e.LastReason));

        Assert.Equal(
            [
                ("running", CopyQueueState.InFlight, 1, null, null),
                ("new", CopyQueueState.Queued, 0, null, null),
                ("failing", CopyQueueState.Waiting, 1, CopyBuilder.T0.AddSeconds(30), "ResourceLimitExceeded"),
            ],
            rows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Retry_KeyNotInFlight_ThrowsNamingTheKey(bool queued)
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        var copy = CopyBuilder.Ebs("vol-1").Build();
        if (queued)
        {
            scheduler.Enqueue(copy);
        }

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Retry(copy.Key, "Throttling"));

        Assert.Contains(copy.Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextRetryAt_NothingWaiting_IsNull()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        scheduler.Enqueue(CopyBuilder.Ebs("vol-1").Build());

        Assert.Null(scheduler.NextRetryAt);
    }
}
