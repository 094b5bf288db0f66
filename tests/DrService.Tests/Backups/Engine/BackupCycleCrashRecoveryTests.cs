using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
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
        Assert.Single(await AuditAsync(app), a => a.Action == "backup.copy" && a.Result == "succeeded" && a.Target == $"{order.Source.Id} -> {copyId}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunAsync_CopyMadeButItsAnswerWasAnError_NextCycleAdoptsItWithItsAuditRecordAndCopiesNothing(ArtifactKind kind, string copyOperation)
    {
        // The copy call reached AWS and made the copy, but the answer was lost (a response timeout): the attempt was
        // recorded Failed, with a "failed" audit record. Found by a CI run in which the next cycle then showed the
        // copy as current while the audit log never said it was made.
        var (app, order) = await OrderAsync(kind);
        await Host.Store.RecordIntentAsync(order, "run-1", default);
        await Host.Store.MarkIssuingAsync(order.Key, "run-1", default);
        var copyId = await Host.Driver(kind).StartCopyAsync(order, Account, default);
        await Host.Store.MarkFailedAsync(order.Key, "Timeout", "AWS did not answer in time", default,
            new DrService.Storage.AuditEntry("system:backup", "backup.copy", "failed", app, order.Source.Id, "Timeout: AWS did not answer in time"));
        Host.Counter.Reset();

        var result = await Host.RunCycleAsync(app, "run-2");

        Assert.Empty(result.Failures);
        Assert.Equal(0, Host.Counter.Count(BackupCycleCopyTests.ServiceOf(kind), "*", copyOperation));
        var record = await Host.Store.FindAsync(order.Key, default);
        Assert.NotNull(record);
        Assert.Equal((Phase.Succeeded, copyId), (record.Phase, record.CopyId));
        var audit = await AuditAsync(app);
        Assert.Single(audit, a => a.Action == "backup.copy" && a.Result == "succeeded" && a.Target == $"{order.Source.Id} -> {copyId}");
        Assert.Single(audit, a => a.Action == "backup.copy" && a.Result == "failed");
    }

    private async Task<List<DrService.Storage.AuditRecord>> AuditAsync(string app)
    {
        var contexts = Host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DrService.Storage.DrDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Audit.Where(a => a.Application == app));
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
