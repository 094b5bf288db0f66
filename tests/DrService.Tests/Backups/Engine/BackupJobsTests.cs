using DrService.Backups.Model;
using DrService.Scheduling;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>The backup job per application: its definition, and the cycle's result turned into the run's outcome.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupJobsTests(MotoFixture moto) : IAsyncLifetime
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

    [Fact]
    public void GetJobs_TwoApplications_OneBackupJobEachWithOwnOrGlobalCron()
    {
        _host.Options.Schedules.Backup = "0 15 * * * ?";
        _host.AddApplication("orders", r => r.Volumes = new() { Ids = ["vol-1"] }, a => a.Schedule.Backup = "0 0/5 * * * ?");
        _host.AddApplication("billing", r => r.Volumes = new() { Ids = ["vol-2"] }, a => a.DisplayName = "Billing");

        var jobs = _host.Jobs.GetJobs().OrderBy(j => j.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [("backup-billing", "backup", "0 15 * * * ?", "billing"), ("backup-orders", "backup", "0 0/5 * * * ?", "orders")],
            jobs.Select(j => (j.Name, j.Kind, j.Cron, j.Application)));
        Assert.Contains("Billing", jobs[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EverythingCopied_Succeeded()
    {
        var app = await VolumeAndDatabaseAppAsync();

        var outcome = await _host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.Succeeded, outcome.Kind);
        Assert.Contains("2 copies issued", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OneResourceFails_PartiallyFailedNamingItsCode()
    {
        var app = await VolumeAndDatabaseAppAsync();
        _host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");

        var outcome = await _host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.PartiallyFailed, outcome.Kind);
        Assert.Contains("EbsSnapshot", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryCopyFails_Failed()
    {
        var app = await VolumeAndDatabaseAppAsync();
        _host.Faults.Fail(Dr, "ec2", "AccessDenied", 403, operation: "CopySnapshot");
        _host.Faults.Fail(Dr, "rds", "AccessDenied", 403, operation: "CopyDBSnapshot");

        var outcome = await _host.Jobs.RunAsync(Context(app), default);

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
    }

    [Fact]
    public async Task RunAsync_NothingSelectedForOneKindOthersUpToDate_PartiallyFailed()
    {
        var app = EngineEstate.Unique("jobs");
        var volume = await _estate.VolumeAsync();
        await _estate.SnapshotAsync(volume);
        _host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.Image, "i-00000000000000000");
        });
        await _host.Jobs.RunAsync(Context(app), default); // copies the volume's snapshot

        var outcome = await _host.Jobs.RunAsync(Context(app), default); // nothing to copy; instances still match nothing

        Assert.Equal(JobOutcomeKind.PartiallyFailed, outcome.Kind);
        Assert.Contains("NothingSelected", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ContextWithoutApplication_Throws()
    {
        var context = Context("x") with { Application = null };

        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Jobs.RunAsync(context, default));
    }

    private async Task<string> VolumeAndDatabaseAppAsync()
    {
        var app = EngineEstate.Unique("jobs");
        var volume = await _estate.VolumeAsync();
        await _estate.SnapshotAsync(volume);
        var db = await _estate.DbInstanceAsync();
        await _estate.DbSnapshotAsync(db);
        _host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });
        return app;
    }

}
