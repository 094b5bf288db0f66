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
public sealed class BackupCycleErrorTests(MotoFixture moto) : IAsyncLifetime
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

    [Theory]
    [InlineData("AccessDenied", 403)]
    [InlineData("InvalidSnapshot.NotFound", 400)]
    public async Task RunAsync_CopySnapshotAnswersError_RecordedOnTheVolumeAndTheDatabaseIsCopied(string code, int status)
    {
        var (app, volume, db) = await VolumeAndDatabaseAsync();
        _host.Faults.Fail(Dr, "ec2", code, status, operation: "CopySnapshot");

        var result = await _host.RunCycleAsync(app);

        var failure = Assert.Single(result.Failures);
        Assert.Equal((ArtifactKind.EbsSnapshot, volume, code), (failure.Kind, failure.ResourceId, failure.Code));
        var statuses = await _host.StatusAsync(app);
        Assert.Equal(code, statuses[volume].LastErrorCode);
        Assert.Null(statuses[db].LastErrorCode);
        Assert.Empty(await _host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        Assert.Single(await _host.CopiesAsync(ArtifactKind.DbSnapshot, app));
        var record = Assert.Single(await RecordsAsync(app, ArtifactKind.EbsSnapshot));
        Assert.Equal((Phase.Failed, code), (record.Phase, record.ErrorCode));
    }

    [Fact]
    public async Task RunAsync_FaultClearedAfterFailedCycle_NextCycleCopiesWhatFailed()
    {
        var (app, volume, _) = await VolumeAndDatabaseAsync();
        _host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");
        await _host.RunCycleAsync(app);
        _host.Faults.Clear();
        _host.Counter.Reset();

        var result = await _host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        Assert.Equal(1, _host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal(0, _host.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        Assert.Single(await _host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        var statuses = await _host.StatusAsync(app);
        Assert.Null(statuses[volume].LastErrorCode);
        Assert.Equal(DrService.Backups.Rpo.RpoState.Ok, statuses[volume].RpoState);
    }

    [Fact]
    public async Task RunAsync_KmsKeyNotAccessibleOnCopyDBSnapshot_RecordedOnTheDatabaseAndTheVolumeIsCopied()
    {
        var (app, volume, db) = await VolumeAndDatabaseAsync();
        _host.Faults.Fail(Dr, "rds", "KMSKeyNotAccessibleFault", 400, operation: "CopyDBSnapshot");

        var result = await _host.RunCycleAsync(app);

        Assert.Equal(db, Assert.Single(result.Failures).ResourceId);
        var statuses = await _host.StatusAsync(app);
        Assert.Equal("KMSKeyNotAccessibleFault", statuses[db].LastErrorCode);
        Assert.Null(statuses[volume].LastErrorCode);
        Assert.Single(await _host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        Assert.Empty(await _host.CopiesAsync(ArtifactKind.DbSnapshot, app));
    }

    [Fact]
    public async Task RunAsync_EncryptedDatabaseWithoutKmsKeyId_KmsKeyRequiredRecordedWithoutCallingAws()
    {
        var app = EngineEstate.Unique("kms");
        var volume = await _estate.VolumeAsync();
        await _estate.SnapshotAsync(volume);
        var db = await _estate.DbInstanceAsync(encrypted: true);
        await _estate.DbSnapshotAsync(db);
        _host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });

        var result = await _host.RunCycleAsync(app);

        var failure = Assert.Single(result.Failures);
        Assert.Equal((db, "KmsKeyRequired"), (failure.ResourceId, failure.Code));
        Assert.Contains($"DrService:Applications:{app}:Backup:KmsKeyId", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        Assert.Equal("KmsKeyRequired", (await _host.StatusAsync(app))[db].LastErrorCode);
        Assert.Single(await _host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
    }

    [Fact]
    public async Task RunAsync_DrRegionDark_EveryResourceFailsNothingDeletedAndJobFailed()
    {
        var app = EngineEstate.Unique("dark");
        var volumes = new[] { await _estate.VolumeAsync(), await _estate.VolumeAsync() };
        foreach (var v in volumes)
        {
            await _estate.SnapshotAsync(v);
        }
        var db = await _estate.DbInstanceAsync();
        await _estate.DbSnapshotAsync(db);
        _host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volumes);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        }, a => a.Retention = new() { KeepLast = 1, KeepFor = TimeSpan.Zero, Daily = 0, Weekly = 0, Monthly = 0, MinimumKeep = 1 });
        var standIn = await _estate.VolumeAsync(Dr);
        var old = new[]
        {
            await _estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volumes[0], standIn, daysAgo: 20),
            await _estate.OldCopyAsync(ArtifactKind.EbsSnapshot, app, volumes[0], standIn, daysAgo: 21),
        };
        _host.Faults.MakeDark(Dr);

        var outcome = await _host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("RegionUnavailable", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Counter.Count("*", Dr, "DeleteSnapshot") + _host.Counter.Count("*", Dr, "DeregisterImage") + _host.Counter.Count("*", Dr, "DeleteDBSnapshot"));
        Assert.Equal(0, _host.Counter.Count("ec2", Dr, "CopySnapshot") + _host.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        var statuses = await _host.StatusAsync(app);
        Assert.All(volumes.Append(db), id => Assert.Equal("RegionUnavailable", statuses[id].LastErrorCode));
        Assert.All(await _host.Store.StatusAsync(app, default), s => Assert.Equal("RegionUnavailable", s.LastErrorCode));
        _host.Faults.Clear();
        Assert.Superset(old.ToHashSet(), await _estate.DrEc2IdsAsync());
    }

    [Fact]
    public async Task RunAsync_ResourceLimitExceededTwice_DeferredThenCopiedInTheSameCycle()
    {
        var app = EngineEstate.Unique("quota");
        var volume = await _estate.VolumeAsync();
        await _estate.SnapshotAsync(volume);
        _host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume));
        _host.Faults.Fail(Dr, "ec2", "ResourceLimitExceeded", 400, limit: 2, operation: "CopySnapshot");
        var deferred = new List<string>();
        using var listener = DeferredListener(deferred);

        var result = await _host.RunCycleAsync(app);

        Assert.Empty(result.Failures);
        Assert.Equal(3, _host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal(["ResourceLimitExceeded", "ResourceLimitExceeded"], deferred);
        var copy = Assert.Single(await _host.CopiesAsync(ArtifactKind.EbsSnapshot, app));
        var record = Assert.Single(await RecordsAsync(app, ArtifactKind.EbsSnapshot));
        Assert.Equal((Phase.Succeeded, copy.Id, 3, (string?)null), (record.Phase, record.CopyId, record.Attempts, record.ErrorCode));
    }

    [Fact]
    public async Task RunAsync_ResourceLimitExceededBeyondMaxCopyAttempts_FailedWithTheLimitCode()
    {
        var app = EngineEstate.Unique("quota");
        var volume = await _estate.VolumeAsync();
        await _estate.SnapshotAsync(volume);
        _host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume));
        _host.Faults.Fail(Dr, "ec2", "ResourceLimitExceeded", 400, operation: "CopySnapshot");

        var result = await _host.RunCycleAsync(app);

        Assert.Equal("ResourceLimitExceeded", Assert.Single(result.Failures).Code);
        Assert.Equal(_host.Options.Backups.MaxCopyAttempts, _host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal("ResourceLimitExceeded", (await _host.StatusAsync(app))[volume].LastErrorCode);
    }

    private async Task<(string App, string Volume, string Db)> VolumeAndDatabaseAsync()
    {
        var app = EngineEstate.Unique("err");
        var volume = await _estate.VolumeAsync();
        await _estate.SnapshotAsync(volume);
        var db = await _estate.DbInstanceAsync();
        await _estate.DbSnapshotAsync(db);
        _host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });
        return (app, volume, db);
    }

    private async Task<IReadOnlyList<DrService.Backups.State.CopyRecord>> RecordsAsync(string app, ArtifactKind kind) =>
        [.. (await _host.CopyRecordsAsync(app)).Where(r => r.Kind == kind)];

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
