using DrService.Backups.Model;
using DrService.Backups.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Backups.Queue;

public sealed class CopySchedulerLimitTests
{
    private readonly FakeTimeProvider _time = new(CopyBuilder.T0);

    [Theory]
    [InlineData(ArtifactKind.EbsSnapshot, 30, 20)]
    [InlineData(ArtifactKind.DbSnapshot, 30, 20)]
    [InlineData(ArtifactKind.DbClusterSnapshot, 30, 20)]
    [InlineData(ArtifactKind.Image, 30, 25)] // one source region: the per-source sub-limit binds
    [InlineData(ArtifactKind.EbsSnapshot, 7, 7)]
    public void TakeReady_MoreQueuedThanTheLaneAllows_TakesOnlyTheLimit(ArtifactKind kind, int queued, int expected)
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in CopyBuilder.Many(kind, queued))
        {
            scheduler.Enqueue(copy);
        }

        var taken = scheduler.TakeReady();

        Assert.Equal(expected, taken.Count);
        Assert.Equal((expected, queued - expected), (scheduler.InFlight, scheduler.Queued));
        Assert.Empty(scheduler.TakeReady());
    }

    [Theory]
    [InlineData(ArtifactKind.EbsSnapshot)]
    [InlineData(ArtifactKind.DbSnapshot)]
    [InlineData(ArtifactKind.Image)]
    public void Completed_FullLane_FreesExactlyOneSlot(ArtifactKind kind)
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in CopyBuilder.Many(kind, 30))
        {
            scheduler.Enqueue(copy);
        }
        var first = scheduler.TakeReady();

        scheduler.Completed(first[0].Key);

        Assert.Single(scheduler.TakeReady());
        Assert.Empty(scheduler.TakeReady());
    }

    [Theory]
    [InlineData(50, 40, 40, 25, 25)] // 25 from each source: the region's 50 is reached exactly
    [InlineData(50, 40, 10, 25, 10)] // the busy source is held at 25, the other starts all it has
    [InlineData(40, 30, 30, 15, 25)] // a lower region limit binds: taken in priority (here key) order, eu-central-1 first
    public void TakeReady_AmisFromTwoSourceRegions_HonoursRegionAndPerSourceLimits(int imageLimit, int fromEast, int fromCentral, int expectedEast, int expectedCentral)
    {
        var scheduler = new CopyScheduler(new CopyLimits(ImageCopies: imageLimit), _time);
        foreach (var copy in CopyBuilder.Many(ArtifactKind.Image, fromEast, "a", "us-east-1").Concat(CopyBuilder.Many(ArtifactKind.Image, fromCentral, "b", "eu-central-1")))
        {
            scheduler.Enqueue(copy);
        }

        var taken = scheduler.TakeReady();

        Assert.Equal(expectedEast + expectedCentral, taken.Count);
        Assert.Equal(expectedEast, taken.Count(c => c.Order.Source.Region == "us-east-1"));
        Assert.Equal(expectedCentral, taken.Count(c => c.Order.Source.Region == "eu-central-1"));
    }

    [Fact]
    public void TakeReady_AmiSourceRegionFull_OtherSourceStillStarts()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in CopyBuilder.Many(ArtifactKind.Image, 30, "a", "us-east-1"))
        {
            scheduler.Enqueue(copy);
        }
        Assert.Equal(25, scheduler.TakeReady().Count);

        scheduler.Enqueue(CopyBuilder.Ami("late").From("eu-central-1").DueAt(CopyBuilder.T0.AddDays(1)).Build());

        Assert.Equal("eu-central-1", Assert.Single(scheduler.TakeReady()).Order.Source.Region);
    }

    [Fact]
    public void TakeReady_EbsLaneFull_RdsAndAmiLanesAndOtherRegionsStillStart()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in CopyBuilder.Many(ArtifactKind.EbsSnapshot, 30, "e"))
        {
            scheduler.Enqueue(copy);
        }
        Assert.Equal(20, scheduler.TakeReady().Count);

        scheduler.Enqueue(CopyBuilder.Rds("db").Build());
        scheduler.Enqueue(CopyBuilder.Ami("ami").Build());
        scheduler.Enqueue(CopyBuilder.Ebs("vol-elsewhere").To("eu-west-1").Build());
        var taken = scheduler.TakeReady();

        Assert.Equal(
            ["orders/DbSnapshot/us-east-1/db", "orders/EbsSnapshot/us-east-1/vol-elsewhere", "orders/Image/us-east-1/ami"],
            taken.Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TakeReady_DbAndClusterSnapshots_ShareOneLane()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in CopyBuilder.Many(ArtifactKind.DbSnapshot, 15, "db").Concat(CopyBuilder.Many(ArtifactKind.DbClusterSnapshot, 15, "cl")))
        {
            scheduler.Enqueue(copy);
        }

        Assert.Equal(20, scheduler.TakeReady().Count);
    }

    [Theory]
    [InlineData(5, 15)]
    [InlineData(20, 0)]
    [InlineData(25, 0)] // found running beyond the limit: nothing more starts
    public void MarkInFlight_CopiesFoundRunning_OccupyTheirSlots(int running, int expectedTaken)
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        foreach (var copy in CopyBuilder.Many(ArtifactKind.EbsSnapshot, running, "running"))
        {
            scheduler.MarkInFlight(copy.Order);
        }
        foreach (var copy in CopyBuilder.Many(ArtifactKind.EbsSnapshot, 30, "new"))
        {
            scheduler.Enqueue(copy);
        }

        Assert.Equal(expectedTaken, scheduler.TakeReady().Count);
        Assert.Equal(running + expectedTaken, scheduler.InFlight);
    }

    [Fact]
    public void MarkInFlight_KeyAlreadyQueued_MovesItInFlightOnce()
    {
        var scheduler = new CopyScheduler(new CopyLimits(), _time);
        var copy = CopyBuilder.Ebs("vol-1").Build();
        scheduler.Enqueue(copy);

        scheduler.MarkInFlight(copy.Order);
        scheduler.MarkInFlight(copy.Order);

        Assert.Equal((1, 0), (scheduler.InFlight, scheduler.Queued));
        Assert.Empty(scheduler.TakeReady());
        var entry = Assert.Single(scheduler.Snapshot());
        Assert.Equal((CopyQueueState.InFlight, 1), (entry.State, entry.Attempts));
    }

    [Theory]
    [InlineData(0, 25, 20, 20)]
    [InlineData(50, 0, 20, 20)]
    [InlineData(50, 25, 20, -1)]
    public void CopyLimits_NonPositiveValue_Throws(int images, int perSource, int ebs, int db)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CopyLimits(images, perSource, ebs, db));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CopyLimits() with { EbsSnapshotCopies = 0 });
    }
}
