using DrService.Backups.Model;
using DrService.Backups.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Backups.Queue;

/// <summary>One scheduler per process, shared by every application's cycle: the limits hold across them.</summary>
public sealed class CopySchedulerSharingTests
{
    private readonly FakeTimeProvider _time = new(CopyBuilder.T0);

    [Fact]
    public void TakeReady_TwoOwnersSharingALane_EachTakesOnlyItsOwnAndTogetherStayWithinTheLimit()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        var first = CopyBuilder.Many(ArtifactKind.EbsSnapshot, 15, prefix: "a").ToList();
        var second = CopyBuilder.Many(ArtifactKind.EbsSnapshot, 15, prefix: "b").ToList();
        foreach (var copy in first.Concat(second))
        {
            scheduler.Enqueue(copy);
        }
        var firstKeys = first.Select(c => c.Key).ToHashSet();
        var secondKeys = second.Select(c => c.Key).ToHashSet();

        var takenByFirst = scheduler.TakeReady(c => firstKeys.Contains(c.Key));
        var takenBySecond = scheduler.TakeReady(c => secondKeys.Contains(c.Key));

        Assert.Equal(15, takenByFirst.Count);
        Assert.All(takenByFirst, c => Assert.Contains(c.Key, firstKeys));
        Assert.Equal(5, takenBySecond.Count);
        Assert.All(takenBySecond, c => Assert.Contains(c.Key, secondKeys));
        Assert.Equal(20, scheduler.InFlight);

        scheduler.Completed(takenByFirst[0].Key);
        Assert.Empty(scheduler.TakeReady(c => firstKeys.Contains(c.Key)));
        Assert.Single(scheduler.TakeReady(c => secondKeys.Contains(c.Key)));
    }
}
