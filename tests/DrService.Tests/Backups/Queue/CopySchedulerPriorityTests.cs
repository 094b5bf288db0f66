using DrService.Backups.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Backups.Queue;

public sealed class CopySchedulerPriorityTests
{
    private static readonly DateTimeOffset T0 = CopyBuilder.T0;
    private readonly FakeTimeProvider _time = new(T0);

    public static TheoryData<QueuedCopy[], string[]> Orders => new()
    {
        // The most overdue (earliest DueAt) first, whatever the enqueue order.
        {
            [Ebs("late", 30, null), Ebs("overdue", -60, null), Ebs("soon", 5, null)],
            ["overdue", "soon", "late"]
        },
        // Equal urgency: the longer expected copy first; unknown counts as zero.
        {
            [Ebs("short", 0, 10), Ebs("unknown", 0, null), Ebs("long", 0, 90)],
            ["long", "short", "unknown"]
        },
        // Equal urgency and length: by key, so that the order is deterministic.
        {
            [Ebs("c", 0, 10), Ebs("a", 0, 10), Ebs("b", 0, 10)],
            ["a", "b", "c"]
        },
        // Urgency is the latest start that still completes by DueAt: a long copy due a little later starts first...
        {
            [Ebs("short-sooner", 0, 1), Ebs("long-later", 30, 600)],
            ["long-later", "short-sooner"]
        },
        // ...but not one due so much later that it can wait.
        {
            [Ebs("long-much-later", 120, 60), Ebs("short-sooner", 0, 1)],
            ["short-sooner", "long-much-later"]
        },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void TakeReady_MixedUrgencyAndLength_ReturnsPriorityOrder(QueuedCopy[] copies, string[] expected)
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in copies)
        {
            scheduler.Enqueue(copy);
        }

        var taken = scheduler.TakeReady();

        Assert.Equal(expected, taken.Select(c => c.Order.Source.Id));
    }

    [Fact]
    public void TakeReady_LaneFull_MostUrgentGetTheSlots()
    {
        var scheduler = new CopyScheduler(new CopyLimits(EbsSnapshotCopies: 2), _time);
        scheduler.Enqueue(Ebs("c", 30, null));
        scheduler.Enqueue(Ebs("a", -10, null));
        scheduler.Enqueue(Ebs("d", 40, null));
        scheduler.Enqueue(Ebs("b", 0, null));

        Assert.Equal(["a", "b"], scheduler.TakeReady().Select(c => c.Order.Source.Id));
        scheduler.Completed(CopyBuilder.Ebs("b").Order().Key);
        Assert.Equal(["c"], scheduler.TakeReady().Select(c => c.Order.Source.Id));
    }

    [Fact]
    public void Enqueue_KeyAlreadyQueuedOrInFlight_IsIgnored()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        var copy = Ebs("vol-1", 0, null);
        scheduler.Enqueue(copy);
        scheduler.Enqueue(copy with { DueAt = T0.AddHours(-5) });
        Assert.Equal(1, scheduler.Queued);

        Assert.Same(copy, Assert.Single(scheduler.TakeReady()));
        scheduler.Enqueue(copy);

        Assert.Equal((1, 0), (scheduler.InFlight, scheduler.Queued));
        Assert.Empty(scheduler.TakeReady());
    }

    [Fact]
    public void Enqueue_AfterCompleted_QueuesTheKeyAgain()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        var copy = Ebs("vol-1", 0, null);
        scheduler.Enqueue(copy);
        scheduler.TakeReady();
        scheduler.Completed(copy.Key);
        scheduler.Completed(copy.Key); // a duplicate report is ignored

        scheduler.Enqueue(copy);

        Assert.Single(scheduler.TakeReady());
    }

    private static QueuedCopy Ebs(string id, int dueInMinutes, int? minutes)
    {
        var builder = CopyBuilder.Ebs(id).DueAt(T0.AddMinutes(dueInMinutes));
        return (minutes is { } m ? builder.Taking(TimeSpan.FromMinutes(m)) : builder).Build();
    }
}
