using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>One cycle per kind against moto server: one tagged copy in us-west-2, no duplicate on the next cycle, RPO persisted.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleCopyTests(MotoFixture moto) : EngineTestBase(moto)
{
    public static TheoryData<ArtifactKind, string> Kinds => new()
    {
        { ArtifactKind.EbsSnapshot, "CopySnapshot" },
        { ArtifactKind.Image, "CopyImage" },
        { ArtifactKind.DbSnapshot, "CopyDBSnapshot" },
        { ArtifactKind.DbClusterSnapshot, "CopyDBClusterSnapshot" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunAsync_FirstCycle_OneCopyWithOwnershipAndSourceTags(ArtifactKind kind, string copyOperation)
    {
        var app = EngineEstate.Unique("copy");
        var (resource, source) = await Estate.ResourceWithBackupAsync(kind);
        Host.AddApplication(app, r => EngineEstate.Select(r, kind, resource));

        var result = await Host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        Assert.Equal(1, result.CopiesIssued);
        Assert.Equal(1, result.CopiesCompleted);
        Assert.Equal(1, Host.Counter.Count(ServiceOf(kind), Dr, copyOperation));
        var copy = Assert.Single(await Host.CopiesAsync(kind, app));
        var key = $"{app}/{kind}/{Primary}/{source}";
        Assert.Equal(ArtifactState.Available, copy.State);
        Assert.Equal("drservice", copy.Tags["dr:managed-by"]);
        Assert.Equal(app, copy.Tags["dr:app"]);
        Assert.Equal(source, copy.Tags["dr:source-id"]);
        Assert.Equal(Primary, copy.Tags["dr:source-region"]);
        Assert.Equal(resource, copy.Tags["dr:resource-id"]);
        Assert.Equal(key, copy.Tags["dr:copy-key"]);
        Assert.True(DateTimeOffset.TryParse(copy.Tags["dr:source-created"], out var created));
        Assert.InRange(DateTimeOffset.UtcNow - created, TimeSpan.Zero - TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
        Assert.Equal("blue", copy.Tags["team"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunAsync_SecondCycle_NoDuplicateAndStatusOkWithSucceededRecord(ArtifactKind kind, string copyOperation)
    {
        var app = EngineEstate.Unique("again");
        var (resource, source) = await Estate.ResourceWithBackupAsync(kind);
        Host.AddApplication(app, r => EngineEstate.Select(r, kind, resource));
        await Host.RunCycleAsync(app);
        var first = Assert.Single(await Host.CopiesAsync(kind, app));
        Host.Counter.Reset();

        var second = await Host.RunCycleAsync(app);

        Assert.Empty(second.Failures);
        Assert.Equal(0, second.CopiesIssued);
        Assert.Equal(0, Host.Counter.Count(ServiceOf(kind), "*", copyOperation));
        Assert.Equal(first.Id, Assert.Single(await Host.CopiesAsync(kind, app)).Id);
        Assert.Equal(RpoState.Ok, second.WorstRpo);
        var status = Assert.Single(await Host.StatusAsync(app)).Value;
        Assert.Equal((kind, resource, RpoState.Ok, first.Id, 1), (status.Kind, status.ResourceId, status.RpoState, status.NewestCopyId, status.CopyCount));
        Assert.Null(status.LastErrorCode);
        var record = await Host.Store.FindAsync($"{app}/{kind}/{Primary}/{source}", default);
        Assert.NotNull(record);
        Assert.Equal((Phase.Succeeded, first.Id, 1), (record.Phase, record.CopyId, record.Attempts));
    }

    internal static string ServiceOf(ArtifactKind kind) => kind is ArtifactKind.DbSnapshot or ArtifactKind.DbClusterSnapshot ? "rds" : "ec2";
}
