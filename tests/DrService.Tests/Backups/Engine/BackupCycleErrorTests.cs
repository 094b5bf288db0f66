using System.Diagnostics.Metrics;
using DrService.Backups.Model;
using DrService.Runbooks.Lifecycle;
using DrService.Scheduling;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// AWS errors during a cycle: each is recorded against its resource with the AWS code (BackupStore.StatusAsync) while
/// the application's other resources are copied; nothing is deleted because of an error; limits are deferred, not dropped.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleErrorTests(MotoFixture moto) : EngineTestBase(moto)
{
    [Theory]
    [InlineData("AccessDenied", 403)]
    [InlineData("InvalidSnapshot.NotFound", 400)]
    public async Task RunAsync_CopySnapshotAnswersError_RecordedOnTheVolumeAndTheDatabaseIsCopied(string code, int status)
    {
        var (app, volume, db) = await VolumeAndDatabaseAsync();
        Host.Faults.Fail(Dr, "ec2", code, status, operation: "CopySnapshot");

        var result = await Host.RunCycleAsync(app);

        var failure = Assert.Single(result.Failures);
        Assert.Equal((ArtifactKind.EbsSnapshot, volume, code), (failure.Kind, failure.ResourceId, failure.Code));
        var statuses = await Host.StatusAsync(app);
        Assert.Equal(code, statuses[volume].LastErrorCode);
        Assert.Null(statuses[db].LastErrorCode);
        Assert.Empty(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        Assert.Single(await Host.CopiesAsync(ArtifactKind.DbSnapshot, app));
        var record = Assert.Single(await RecordsAsync(app, ArtifactKind.EbsSnapshot));
        Assert.Equal((Phase.Failed, code), (record.Phase, record.ErrorCode));
    }

    [Fact]
    public async Task RunAsync_FaultClearedAfterFailedCycle_NextCycleCopiesWhatFailed()
    {
        var (app, volume, _) = await VolumeAndDatabaseAsync();
        Host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");
        await Host.RunCycleAsync(app);
        Host.Faults.Clear();
        Host.Counter.Reset();

        var result = await Host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        Assert.Equal(1, Host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal(0, Host.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        Assert.Single(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        var statuses = await Host.StatusAsync(app);
        Assert.Null(statuses[volume].LastErrorCode);
        Assert.Equal(DrService.Backups.Rpo.RpoState.Ok, statuses[volume].RpoState);
    }

    [Fact]
    public async Task RunAsync_KmsKeyNotAccessibleOnCopyDBSnapshot_RecordedOnTheDatabaseAndTheVolumeIsCopied()
    {
        var (app, volume, db) = await VolumeAndDatabaseAsync();
        Host.Faults.Fail(Dr, "rds", "KMSKeyNotAccessibleFault", 400, operation: "CopyDBSnapshot");

        var result = await Host.RunCycleAsync(app);

        Assert.Equal(db, Assert.Single(result.Failures).ResourceId);
        var statuses = await Host.StatusAsync(app);
        Assert.Equal("KMSKeyNotAccessibleFault", statuses[db].LastErrorCode);
        Assert.Null(statuses[volume].LastErrorCode);
        Assert.Single(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        Assert.Empty(await Host.CopiesAsync(ArtifactKind.DbSnapshot, app));
    }

    [Fact]
    public async Task RunAsync_EncryptedDatabaseWithoutKmsKeyId_KmsKeyRequiredRecordedWithoutCallingAws()
    {
        var app = EngineEstate.Unique("kms");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        var db = await Estate.DbInstanceAsync(encrypted: true);
        await Estate.DbSnapshotAsync(db);
        Host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });

        var result = await Host.RunCycleAsync(app);

        var failure = Assert.Single(result.Failures);
        Assert.Equal((db, "KmsKeyRequired"), (failure.ResourceId, failure.Code));
        Assert.Contains($"DrService:Applications:{app}:Backup:KmsKeyId", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, Host.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        Assert.Equal("KmsKeyRequired", (await Host.StatusAsync(app))[db].LastErrorCode);
        Assert.Single(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
    }

    [Fact]
    public async Task RunAsync_DrRegionDark_EveryResourceFailsNothingDeletedAndJobFailed()
    {
        var app = EngineEstate.Unique("dark");
        var volumes = new[] { await Estate.VolumeAsync(), await Estate.VolumeAsync() };
        foreach (var v in volumes)
        {
            await Estate.SnapshotAsync(v);
        }
        var db = await Estate.DbInstanceAsync();
        await Estate.DbSnapshotAsync(db);
        Host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volumes);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        }, a => a.Retention = new() { KeepLast = 1, KeepFor = TimeSpan.Zero, Daily = 0, Weekly = 0, Monthly = 0, MinimumKeep = 1 });
        var standIn = await Estate.VolumeAsync(Dr);
        var old = new[]
        {
            await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volumes[0], standIn, daysAgo: 20),
            await Estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volumes[0], standIn, daysAgo: 21),
        };
        Host.Faults.MakeDark(Dr);

        var outcome = await Host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("RegionUnavailable", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, Host.Counter.Count("*", Dr, "DeleteSnapshot") + Host.Counter.Count("*", Dr, "DeregisterImage") + Host.Counter.Count("*", Dr, "DeleteDBSnapshot"));
        Assert.Equal(0, Host.Counter.Count("ec2", Dr, "CopySnapshot") + Host.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        var statuses = await Host.StatusAsync(app);
        Assert.All(volumes.Append(db), id => Assert.Equal("RegionUnavailable", statuses[id].LastErrorCode));
        Assert.All(await Host.Store.StatusAsync(app, default), s => Assert.Equal("RegionUnavailable", s.LastErrorCode));
        Host.Faults.Clear();
        Assert.Superset(old.ToHashSet(), await Estate.DrEc2IdsAsync());
    }

    [Fact]
    public async Task RunAsync_ResourceLimitExceededTwice_DeferredThenCopiedInTheSameCycle()
    {
        var app = EngineEstate.Unique("quota");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume));
        Host.Faults.Fail(Dr, "ec2", "ResourceLimitExceeded", 400, limit: 2, operation: "CopySnapshot");
        var deferred = new List<string>();
        using var listener = DeferredListener(deferred);

        var result = await Host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        Assert.Equal(3, Host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal(["ResourceLimitExceeded", "ResourceLimitExceeded"], deferred);
        var copy = Assert.Single(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        var record = Assert.Single(await RecordsAsync(app, ArtifactKind.EbsSnapshot));
        Assert.Equal((Phase.Succeeded, copy.Id, 3, (string?)null), (record.Phase, record.CopyId, record.Attempts, record.ErrorCode));
    }

    [Fact]
    public async Task RunAsync_ResourceLimitExceededBeyondMaxCopyAttempts_FailedWithTheLimitCode()
    {
        var app = EngineEstate.Unique("quota");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume));
        Host.Faults.Fail(Dr, "ec2", "ResourceLimitExceeded", 400, operation: "CopySnapshot");

        var result = await Host.RunCycleAsync(app);

        Assert.Equal("ResourceLimitExceeded", Assert.Single(result.Failures).Code);
        Assert.Equal(Host.Options.Backups.MaxCopyAttempts, Host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal("ResourceLimitExceeded", (await Host.StatusAsync(app))[volume].LastErrorCode);
    }

    [Fact]
    public async Task RunAsync_CopySnapshotAnswers500AfterTakingEffect_ExactlyOneCopyRecordedSucceeded()
    {
        // The answer is lost, not the copy: no SDK retry (no ClientToken), the copy is found by its dr:copy-key tag.
        var app = EngineEstate.Unique("lost");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume));
        Host.Faults.FailAfterCall(Dr, "ec2", "InternalError", 500, limit: 1, operation: "CopySnapshot");

        var result = await Host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        var copy = Assert.Single(await Host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        Assert.Equal(1, Host.Counter.Count("ec2", Dr, "CopySnapshot"));
        var record = Assert.Single(await RecordsAsync(app, ArtifactKind.EbsSnapshot));
        Assert.Equal((Phase.Succeeded, copy.Id), (record.Phase, record.CopyId));
    }

    private async Task<(string App, string Volume, string Db)> VolumeAndDatabaseAsync()
    {
        var app = EngineEstate.Unique("err");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        var db = await Estate.DbInstanceAsync();
        await Estate.DbSnapshotAsync(db);
        Host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });
        return (app, volume, db);
    }

    private async Task<IReadOnlyList<DrService.Backups.State.CopyRecord>> RecordsAsync(string app, ArtifactKind kind) =>
        [.. (await Host.CopyRecordsAsync(app)).Where(r => r.Kind == kind)];

    /// <summary>Listens to dr.copy.deferred (the code of each deferral of EBS copies).</summary>
    private static MeterListener DeferredListener(List<string> codes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "dr.copy.deferred")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "code")
                {
                    lock (codes)
                    {
                        codes.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }
}
