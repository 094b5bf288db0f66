using DrService.Backups.Engine;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>CreateSource mode: the cycle takes the source backup itself, copies it, and a resumed run reuses it.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleCreateSourceTests(MotoFixture moto) : EngineTestBase(moto)
{
    public static TheoryData<ArtifactKind, string> Kinds => new()
    {
        { ArtifactKind.EbsSnapshot, "CreateSnapshot" },
        { ArtifactKind.Image, "CreateImage" },
        { ArtifactKind.DbSnapshot, "CreateDBSnapshot" },
        { ArtifactKind.DbClusterSnapshot, "CreateDBClusterSnapshot" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunAsync_CreateSourceThenResumedSameRun_OneSourceBackupAndOneCopy(ArtifactKind kind, string createOperation)
    {
        var app = EngineEstate.Unique("create");
        var resource = await Estate.ResourceAsync(kind);
        Host.AddApplication(app, r => EngineEstate.Select(r, kind, resource), a => a.Backup.Mode = BackupMode.CreateSource);
        var service = BackupCycleCopyTests.ServiceOf(kind);
        Host.Counter.Reset();

        var first = await Host.RunCycleAsync(app, "run-create-1");

        Assert.Empty(first.Failures);
        Assert.Equal(1, Host.Counter.Count(service, Primary, createOperation));
        var source = Assert.Single(await TakenByDrServiceAsync(kind, resource)); // moto's automated RDS snapshots aside
        Assert.Equal("run-create-1", source.Tags[BackupCycle.SourceRunTag]);
        var copy = Assert.Single(await Host.CopiesAsync(kind, app));
        Assert.Equal(source.Id, copy.SourceId);

        var resumed = await Host.RunCycleAsync(app, "run-create-1");

        Assert.Empty(resumed.Failures);
        Assert.Equal(0, resumed.CopiesIssued);
        Assert.Equal(1, Host.Counter.Count(service, Primary, createOperation));
        Assert.Single(await TakenByDrServiceAsync(kind, resource));
        Assert.Equal(copy.Id, Assert.Single(await Host.CopiesAsync(kind, app)).Id);
    }

    private async Task<List<Artifact>> TakenByDrServiceAsync(ArtifactKind kind, string resource) =>
        [.. (await Host.Driver(kind).ListSourceArtifactsAsync(Primary, [resource], ApplicationOptions.DefaultAccount, default))
            .Where(s => s.Tags.ContainsKey(BackupCycle.SourceRunTag))];
}
