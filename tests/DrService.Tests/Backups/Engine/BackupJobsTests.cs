using DrService.Backups.Model;
using DrService.Scheduling;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>The backup job per application: its definition, and the cycle's result turned into the run's outcome.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupJobsTests(MotoFixture moto) : EngineTestBase(moto)
{
    [Fact]
    public void GetJobs_TwoApplications_OneBackupJobEachWithOwnOrGlobalCron()
    {
        Host.Options.Schedules.Backup = "0 15 * * * ?";
        Host.AddApplication("orders", r => r.Volumes = new() { Ids = ["vol-1"] }, a => a.Schedule.Backup = "0 0/5 * * * ?");
        Host.AddApplication("billing", r => r.Volumes = new() { Ids = ["vol-2"] }, a => a.DisplayName = "Billing");

        var jobs = Host.Jobs.GetJobs().OrderBy(j => j.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [("backup-billing", "backup", "0 15 * * * ?", "billing"), ("backup-orders", "backup", "0 0/5 * * * ?", "orders")],
            jobs.Select(j => (j.Name, j.Kind, j.Cron, j.Application)));
        Assert.Contains("Billing", jobs[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EverythingCopied_Succeeded()
    {
        var app = await VolumeAndDatabaseAppAsync();

        var outcome = await Host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.Succeeded, outcome.Kind);
        Assert.Contains("2 copies issued", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OneResourceFails_PartiallyFailedNamingItsCode()
    {
        var app = await VolumeAndDatabaseAppAsync();
        Host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");

        var outcome = await Host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.PartiallyFailed, outcome.Kind);
        Assert.Contains("EbsSnapshot", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryCopyFails_Failed()
    {
        var app = await VolumeAndDatabaseAppAsync();
        Host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");
        Host.Faults.Fail(Dr, "rds", "AccessDenied", 403, operation: "CopyDBSnapshot");

        var outcome = await Host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
    }

    [Fact]
    public async Task RunAsync_NothingSelectedForOneKindOthersUpToDate_PartiallyFailed()
    {
        var app = EngineEstate.Unique("jobs");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        Host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.Image, "i-00000000000000000");
        });
        await Host.Jobs.RunAsync(Context(app), default); // copies the volume's snapshot

        var outcome = await Host.Jobs.RunAsync(Context(app), default); // nothing to copy; instances still match nothing

        Assert.Equal(JobOutcomeKind.PartiallyFailed, outcome.Kind);
        Assert.Contains("NothingSelected", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ContextWithoutApplication_Throws()
    {
        var context = Context("x") with { Application = null };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.Jobs.RunAsync(context, default));
    }

    private async Task<string> VolumeAndDatabaseAppAsync()
    {
        var app = EngineEstate.Unique("jobs");
        var volume = await Estate.VolumeAsync();
        await Estate.SnapshotAsync(volume);
        var db = await Estate.DbInstanceAsync();
        await Estate.DbSnapshotAsync(db);
        Host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });
        return app;
    }

}
