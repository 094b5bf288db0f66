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

    /// <remarks>Issue 14, item 18: two manual runs in the same second made the same source name (DBSnapshotAlreadyExists).</remarks>
    [Theory]
    [InlineData(ArtifactKind.DbSnapshot)]
    [InlineData(ArtifactKind.DbClusterSnapshot)]
    public async Task RunAsync_TwoRunsInTheSameSecond_DistinctSourceBackups(ArtifactKind kind)
    {
        var app = EngineEstate.Unique("same-second");
        var resource = await Estate.ResourceAsync(kind);
        Host.AddApplication(app, r => EngineEstate.Select(r, kind, resource), a => a.Backup.Mode = BackupMode.CreateSource);
        var second = new DateTimeOffset(2026, 12, 4, 11, 20, 37, TimeSpan.Zero);
        var before = (await TakenByDrServiceAsync(kind, resource)).Count;

        var first = await Host.RunCycleAsync(app, $"backup-{app}-manual-20261204112037-aaaaaaaa", scheduledAt: second);
        var next = await Host.RunCycleAsync(app, $"backup-{app}-manual-20261204112037-bbbbbbbb", scheduledAt: second);

        Assert.Empty(first.Failures);
        Assert.Empty(next.Failures);
        var taken = await TakenByDrServiceAsync(kind, resource);
        Assert.Equal(before + 2, taken.Count);
        Assert.Equal(taken.Count, taken.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
    }

    /// <remarks>
    /// Four runs, one source backup each; copy retention keeps the newest 2 copies, KeepSources is 1: the sources no
    /// copy points to, other than the newest, go (before the fix all 4 stayed).
    /// </remarks>
    [Fact]
    public async Task RunAsync_CreateSourceRetention_DeletesOldSourcesNoCopyNeedsAndKeepsTheRest()
    {
        const ArtifactKind kind = ArtifactKind.DbSnapshot;
        var app = EngineEstate.Unique("src-keep");
        var resource = await Estate.ResourceAsync(kind);
        Host.AddApplication(app, r => EngineEstate.Select(r, kind, resource), a =>
        {
            a.Backup.Mode = BackupMode.CreateSource;
            a.Backup.KeepSources = 1;
            a.Retention = new() { KeepLast = 2, KeepFor = TimeSpan.Zero, Daily = 0, Weekly = 0, Monthly = 0, MinimumKeep = 1 };
        });
        var before = (await TakenByDrServiceAsync(kind, resource)).Where(s => s.Tags.GetValueOrDefault(OwnershipTags.Application) == app).ToList();
        Assert.Empty(before);

        var taken = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            var result = await Host.RunCycleAsync(app, $"backup-{app}-run-{i}");
            Assert.Empty(result.Failures);
            taken.Add((await TakenByDrServiceAsync(kind, resource)).Single(s => s.Tags[BackupCycle.SourceRunTag] == $"backup-{app}-run-{i}").Id);
        }

        var remaining = (await TakenByDrServiceAsync(kind, resource)).Where(s => s.Tags.GetValueOrDefault(OwnershipTags.Application) == app).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var copies = await Host.CopiesAsync(kind, app);
        Assert.Equal(2, copies.Count);
        // Never deleted: a source a DR copy points to, and the newest (this cycle's). moto stamps whole seconds, so
        // which of two equally old copies retention keeps may vary; the rules hold either way.
        Assert.Subset(remaining, copies.Select(c => c.SourceId!).ToHashSet(StringComparer.Ordinal));
        Assert.Contains(taken[^1], remaining);
        // Deleted: at least the sources no copy needs beyond KeepSources (1): of 4, at most 2 copies' + 1 newest remain.
        Assert.InRange(remaining.Count, 2, 3);
        Assert.Subset(taken.ToHashSet(StringComparer.Ordinal), remaining);
        Assert.Equal(4 - remaining.Count, (await Host.AuditAsync("backup.source.delete")).Count(a => a.Application == app && a.Result == "succeeded"));
    }

    private async Task<List<Artifact>> TakenByDrServiceAsync(ArtifactKind kind, string resource) =>
        [.. (await Host.Driver(kind).ListSourceArtifactsAsync(Primary, [resource], ApplicationOptions.DefaultAccount, default))
            .Where(s => s.Tags.ContainsKey(BackupCycle.SourceRunTag))];
}
