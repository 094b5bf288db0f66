using DrService.Backups.Drivers;
using DrService.Backups.Engine;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// EC2 reads are eventually consistent: a fresh copy can be unknown to the first Describe calls. moto is always
/// consistent, so the lag is played by a driver decorator that hides the copy from the first polls in the DR region
/// (our own code, around the real driver on moto), and a clock that moves two minutes per hidden poll.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleNotFoundGraceTests(MotoFixture moto) : EngineTestBase(moto)
{
    private static readonly TimeSpan PerPoll = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunAsync_CopyNotFoundForTwoPollsWithinGrace_StaysPendingThenSucceeds()
    {
        var (app, volume) = await VolumeAsync();
        var clock = new ShiftingClock();
        var lagging = new LaggingDriver(Host.Driver(ArtifactKind.EbsSnapshot), clock, hiddenPolls: 2);

        var result = await CycleWith(lagging, clock).RunAsync(app, Context(app), default);

        Assert.Equal(2, lagging.Hidden);
        Assert.Empty(result.Failures);
        var record = Assert.Single(await Host.CopyRecordsAsync(app));
        Assert.Equal((Phase.Succeeded, (string?)null), (record.Phase, record.ErrorCode));
        Assert.Null((await Host.StatusAsync(app))[volume].LastErrorCode);
    }

    [Fact]
    public async Task RunAsync_CopyNotFoundPastGrace_CopyMissingAfterTheGraceNotAtTheFirstPoll()
    {
        var (app, volume) = await VolumeAsync();
        var clock = new ShiftingClock();
        var lagging = new LaggingDriver(Host.Driver(ArtifactKind.EbsSnapshot), clock, hiddenPolls: int.MaxValue);

        var result = await CycleWith(lagging, clock).RunAsync(app, Context(app), default);

        // Default grace 5 min, 2 min per poll: hidden at +2 and +4 (pending), missing at +6.
        Assert.Equal(TimeSpan.FromMinutes(5), Host.Options.Backups.NotFoundGrace);
        Assert.Equal(3, lagging.Hidden);
        Assert.Equal((volume, "CopyMissing"), (Assert.Single(result.Failures).ResourceId, result.Failures[0].Code));
        Assert.Equal("CopyMissing", (await Host.StatusAsync(app))[volume].LastErrorCode);
    }

    private async Task<(string App, string Volume)> VolumeAsync()
    {
        var app = EngineEstate.Unique("lag");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume));
        return (app, volume);
    }

    /// <summary>The host's cycle with the EBS driver replaced by <paramref name="ebs"/> and the clock by <paramref name="clock"/>.</summary>
    private BackupCycle CycleWith(IArtifactDriver ebs, TimeProvider clock)
    {
        IEnumerable<IArtifactDriver> drivers = [.. Host.Services.GetServices<IArtifactDriver>().Where(d => d.Kind != ebs.Kind), ebs];
        return ActivatorUtilities.CreateInstance<BackupCycle>(Host.Services, drivers, clock);
    }

    /// <summary>The system clock (and its timers), shifted by what the test adds.</summary>
    private sealed class ShiftingClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }

    /// <summary>The real driver, except that the DR region's Describe does not know the first <c>hiddenPolls</c> times.</summary>
    private sealed class LaggingDriver(IArtifactDriver inner, ShiftingClock clock, int hiddenPolls) : IArtifactDriver
    {
        public int Hidden { get; private set; }

        public ArtifactKind Kind => inner.Kind;

        public async Task<IReadOnlyList<Artifact>> DescribeAsync(string region, IReadOnlyCollection<string> ids, string account, CancellationToken cancellationToken)
        {
            var found = await inner.DescribeAsync(region, ids, account, cancellationToken);
            if (region != Dr || Hidden >= hiddenPolls)
            {
                return found;
            }
            Hidden++;
            clock.Advance(PerPoll);
            return [];
        }

        public Task<IReadOnlyList<ProtectedResource>> DiscoverAsync(string application, string region, ResourceSelector selector, string account, CancellationToken cancellationToken) =>
            inner.DiscoverAsync(application, region, selector, account, cancellationToken);

        public Task<IReadOnlyList<Artifact>> ListSourceArtifactsAsync(string region, IReadOnlyCollection<string> resourceIds, string account, CancellationToken cancellationToken) =>
            inner.ListSourceArtifactsAsync(region, resourceIds, account, cancellationToken);

        public Task<Artifact> CreateSourceArtifactAsync(ProtectedResource resource, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken) =>
            inner.CreateSourceArtifactAsync(resource, name, tags, account, cancellationToken);

        public Task<IReadOnlyList<Artifact>> ListCopiesAsync(string region, string? application, string account, CancellationToken cancellationToken) =>
            inner.ListCopiesAsync(region, application, account, cancellationToken);

        public Task<string> StartCopyAsync(CopyOrder order, string account, CancellationToken cancellationToken) =>
            inner.StartCopyAsync(order, account, cancellationToken);

        public Task DeleteCopyAsync(Artifact copy, string account, CancellationToken cancellationToken) =>
            inner.DeleteCopyAsync(copy, account, cancellationToken);
    }
}
