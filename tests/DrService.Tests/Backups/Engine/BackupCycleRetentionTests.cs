using DrService.Backups.Model;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// Retention in a cycle against moto server: owned copies "made" on earlier days in us-west-2 beside un-owned
/// look-alikes; the policy keeps the newest copy only (KeepLast 1, floor 1, no calendar rules).
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleRetentionTests(MotoFixture moto) : EngineTestBase(moto)
{
    [Fact]
    public async Task RunAsync_OldOwnedSnapshots_DeletesExactlyTheUnpinnedOldOnesAndNeverUnowned()
    {
        var (app, volume) = await VolumeAppAsync();
        var standIn = await Estate.VolumeAsync(Dr);
        var old1 = await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 1);
        var old2 = await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 2);
        var pinned = await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 3, pinned: true);
        var old40 = await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 40);
        var unowned = await Estate.UnownedLookalikeAsync(ArtifactKind.EbsSnapshot, app, volume, standIn);
        var before = await Estate.DrEc2IdsAsync();

        var result = await Host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        var copy = Assert.Single(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app), c => !before.Contains(c.Id));
        var after = await Estate.DrEc2IdsAsync();
        Assert.Equal(new[] { old1, old2, old40 }.Order(), before.Except(after).Order());
        Assert.Equal(3, result.CopiesDeleted);
        Assert.Contains(pinned, after);
        Assert.Contains(unowned, after);
        Assert.Contains(copy.Id, after);
    }

    [Fact]
    public async Task RunAsync_OldOwnedAmiCopies_DeregisteredAndTheirSnapshotsDeleted()
    {
        var app = EngineEstate.Unique("ret-ami");
        var instance = await Estate.InstanceAsync();
        await Estate.ImageAsync(instance);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.Image, instance), KeepNewestOnly);
        var standIn = await Estate.InstanceAsync(Dr);
        var old = new[]
        {
            await Estate.OldCopyAsync(ArtifactKind.Image, app, instance, standIn, daysAgo: 1),
            await Estate.OldCopyAsync(ArtifactKind.Image, app, instance, standIn, daysAgo: 9),
        };
        var unowned = await Estate.UnownedLookalikeAsync(ArtifactKind.Image, app, instance, standIn);
        var backing = new List<string>();
        foreach (var id in old)
        {
            var image = await Estate.FindImageAsync(id);
            backing.AddRange(image!.BlockDeviceMappings.Where(m => m.Ebs?.SnapshotId is not null).Select(m => m.Ebs.SnapshotId));
        }
        Assert.NotEmpty(backing);

        var result = await Host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        Assert.Equal(2, result.CopiesDeleted);
        foreach (var id in old)
        {
            Assert.Null(await Estate.FindImageAsync(id));
        }
        foreach (var snapshot in backing)
        {
            Assert.False(await Estate.SnapshotExistsAsync(snapshot), $"{snapshot} of a deregistered copy still exists");
        }
        Assert.NotNull(await Estate.FindImageAsync(unowned));
        Assert.Single(await Host.CopiesAsync(ArtifactKind.Image, app));
    }

    [Fact]
    public async Task RunAsync_CopyOfTheResourceFailed_KeepsAllItsOldCopies()
    {
        var (app, volume) = await VolumeAppAsync();
        var standIn = await Estate.VolumeAsync(Dr);
        var old = new[]
        {
            await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 1),
            await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 2),
            await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 30),
        };
        Host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");

        var result = await Host.RunCycleAsync(app);

        Assert.Equal("AccessDenied", Assert.Single(result.Failures).Code);
        Assert.Equal(0, result.CopiesDeleted);
        Assert.Equal(0, Host.Counter.Count("ec2", Dr, "DeleteSnapshot"));
        Assert.Superset(old.ToHashSet(), await Estate.DrEc2IdsAsync());
    }

    [Fact]
    public async Task PreviewRetentionAsync_OldCopies_ListsWhatTheCycleThenDeletesAndDeletesNothing()
    {
        var (app, volume) = await VolumeAppAsync();
        Host.Options.Applications[app].Retention.KeepLast = 100; // the first cycle only copies
        await Host.RunCycleAsync(app);
        var standIn = await Estate.VolumeAsync(Dr);
        await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 1);
        await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 2, pinned: true);
        await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volume, standIn, daysAgo: 15);
        Host.Options.Applications[app].Retention.KeepLast = 1;
        var before = await Estate.DrEc2IdsAsync();
        Host.Counter.Reset();

        var preview = await Host.Cycle.PreviewRetentionAsync(app, default);

        Assert.Equal(0, Host.Counter.Count("ec2", Dr, "DeleteSnapshot"));
        Assert.Equal(before, await Estate.DrEc2IdsAsync());
        Assert.Equal(4, preview.Count);
        Assert.All(preview, p => Assert.Equal((ArtifactKind.EbsSnapshot, volume), (p.Kind, p.ResourceId)));
        Assert.All(preview, p => Assert.NotEmpty(p.Reasons));
        var toDelete = preview.Where(p => !p.Keep).Select(p => p.CopyId).Order().ToList();
        Assert.Equal(2, toDelete.Count);

        var result = await Host.RunCycleAsync(app);

        Assert.Equal(0, result.CopiesIssued);
        Assert.Equal(toDelete, before.Except(await Estate.DrEc2IdsAsync()).Order());
    }

    private async Task<(string App, string Volume)> VolumeAppAsync()
    {
        var app = EngineEstate.Unique("ret");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume), KeepNewestOnly);
        return (app, volume);
    }

    private static void KeepNewestOnly(DrService.Configuration.ApplicationOptions app)
    {
        app.Retention.KeepLast = 1;
        app.Retention.KeepFor = TimeSpan.Zero;
        app.Retention.Daily = 0;
        app.Retention.Weekly = 0;
        app.Retention.Monthly = 0;
        app.Retention.MinimumKeep = 1;
    }
}
