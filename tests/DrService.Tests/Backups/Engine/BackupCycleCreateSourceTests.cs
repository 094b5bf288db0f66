using DrService.Backups.Engine;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>CreateSource mode: the cycle takes the source backup itself, copies it, and a resumed run reuses it.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleCreateSourceTests(MotoFixture moto) : IAsyncLifetime
{
    private EngineTestHost _host = null!;
    private EngineEstate _estate = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = await StartAsync(moto.Endpoint);
        _estate = new EngineEstate(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

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
        var resource = await _estate.ResourceAsync(kind);
        _host.AddApplication(app, r => EngineEstate.Select(r, kind, resource), a => a.Backup.Mode = BackupMode.CreateSource);
        var service = BackupCycleCopyTests.ServiceOf(kind);
        _host.Counter.Reset();

        var first = await _host.RunCycleAsync(app, "run-create-1");

        Assert.Empty(first.Failures);
        Assert.Equal(1, _host.Counter.Count(service, Primary, createOperation));
        var source = Assert.Single(await TakenByDrServiceAsync(kind, resource)); // moto's automated RDS snapshots aside
        Assert.Equal("run-create-1", source.Tags[BackupCycle.SourceRunTag]);
        var copy = Assert.Single(await _host.CopiesAsync(kind, app));
        Assert.Equal(source.Id, copy.SourceId);

        var resumed = await _host.RunCycleAsync(app, "run-create-1");

        Assert.Empty(resumed.Failures);
        Assert.Equal(0, resumed.CopiesIssued);
        Assert.Equal(1, _host.Counter.Count(service, Primary, createOperation));
        Assert.Single(await TakenByDrServiceAsync(kind, resource));
        Assert.Equal(copy.Id, Assert.Single(await _host.CopiesAsync(kind, app)).Id);
    }

    private async Task<List<Artifact>> TakenByDrServiceAsync(ArtifactKind kind, string resource) =>
        [.. (await _host.Driver(kind).ListSourceArtifactsAsync(Primary, [resource], ApplicationOptions.DefaultAccount, default))
            .Where(s => s.Tags.ContainsKey(BackupCycle.SourceRunTag))];
}
