using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// The copy step's crash-recovery rule: intent recorded before the AWS call, the copy's id after it. A crash between
/// the two (the copy exists in AWS, the record is Running without an id) must not copy twice, and a recorded intent
/// that never reached AWS is issued once.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleCrashRecoveryTests(MotoFixture moto) : EngineTestBase(moto)
{
    private const string Account = ApplicationOptions.DefaultAccount;

    public static TheoryData<ArtifactKind, string> Kinds => new()
    {
        { ArtifactKind.EbsSnapshot, "CopySnapshot" },
        { ArtifactKind.Image, "CopyImage" },
        { ArtifactKind.DbSnapshot, "CopyDBSnapshot" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunAsync_CrashAfterCopyCallBeforeIdRecorded_AdoptsTheCopyAndRecordSucceeds(ArtifactKind kind, string copyOperation)
    {
        var (app, order) = await OrderAsync(kind);
        await Host.Store.RecordIntentAsync(order, "run-1", default);
        await Host.Store.MarkIssuingAsync(order.Key, "run-1", default);
        var copyId = await Host.Driver(kind).StartCopyAsync(order, Account, default); // the AWS side effect; then the process "dies"
        Host.Counter.Reset();

        var result = await Host.RunCycleAsync(app, "run-1");

        Assert.Empty(result.Failures);
        Assert.Equal(0, Host.Counter.Count(BackupCycleCopyTests.ServiceOf(kind), "*", copyOperation));
        Assert.Equal(copyId, Assert.Single(await Host.CopiesAsync(kind, app)).Id);
        var record = await Host.Store.FindAsync(order.Key, default);
        Assert.NotNull(record);
        Assert.Equal((Phase.Succeeded, copyId), (record.Phase, record.CopyId));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunAsync_PendingIntentWithoutCopy_IssuesTheCopyOnce(ArtifactKind kind, string copyOperation)
    {
        var (app, order) = await OrderAsync(kind);
        await Host.Store.RecordIntentAsync(order, "run-1", default);

        var result = await Host.RunCycleAsync(app, "run-1");

        Assert.Empty(result.Failures);
        Assert.Equal(1, Host.Counter.Count(BackupCycleCopyTests.ServiceOf(kind), "*", copyOperation));
        var copy = Assert.Single(await Host.CopiesAsync(kind, app));
        var record = await Host.Store.FindAsync(order.Key, default);
        Assert.NotNull(record);
        Assert.Equal((Phase.Succeeded, copy.Id, 1), (record.Phase, record.CopyId, record.Attempts));
    }

    /// <summary>An application protecting one fresh resource, and the copy order the engine would make for its backup.</summary>
    private async Task<(string App, CopyOrder Order)> OrderAsync(ArtifactKind kind)
    {
        var app = EngineEstate.Unique("crash");
        var (resource, sourceId) = await Estate.ResourceWithBackupAsync(kind);
        Host.AddApplication(app, r => EngineEstate.Select(r, kind, resource));
        var source = Assert.Single(await Host.Driver(kind).ListSourceArtifactsAsync(Primary, [resource], Account, default), s => s.Id == sourceId);
        var key = CopyOrder.KeyFor(app, source);
        return (app, new CopyOrder(key, app, source, Dr, CopyNames.ForCopy(app, source), OwnershipTags.ForCopy(app, source, key)));
    }
}
