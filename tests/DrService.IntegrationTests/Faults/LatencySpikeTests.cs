using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>Fault 3: latency spikes: some slower than the request timeout, some not.</summary>
[Collection(FaultsCollection.Name)]
public sealed class LatencySpikeTests(MotoFixture moto)
{
    [Fact]
    public async Task BackupCycle_LatencyBeyondTheRequestTimeoutOnEbsAndBelowItOnRds_TimeoutsRecordedAsFailuresNoDuplicates()
    {
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(2);
        var db = await estate.DatabaseWithSnapshotAsync();
        using var folder = new TempFolder();
        var config = new ServiceConfig { Moto = moto.Endpoint, VolumeIds = volumes, DatabaseIds = [db], AwsRequestTimeout = "00:00:01" };
        await using var service = await InProcessService.StartAsync(config.Write(folder));

        // Every EBS copy call waits longer than DrService:Aws:RequestTimeout (1 s); every RDS call in the DR region is slow but in time.
        var spike = service.Faults.AddLatency(Dr, "ec2", TimeSpan.FromSeconds(3), operation: "CopySnapshot");
        service.Faults.AddLatency(Dr, "rds", TimeSpan.FromMilliseconds(400));
        var first = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("PartiallyFailed", first.GetProperty("phase").GetString());
        var status = await service.Http.ResourcesAsync(config.Application);
        Assert.All(volumes, v => Assert.Equal("Timeout", status[v].ErrorCode()));
        Assert.Null(status[db].ErrorCode());
        Assert.Empty(await estate.OwnedSnapshotsAsync(config.Application));
        Assert.Single(await estate.OwnedDbSnapshotsAsync(config.Application));
        var audit = await service.AuditAsync();
        Assert.Equal(0, audit.Count(a => a.Application == config.Application && a.Action == "backup.copy" && a.Result == "succeeded" && a.Details!.StartsWith("EbsSnapshot", StringComparison.Ordinal)));

        service.Faults.Remove(spike);
        service.Counter.Reset();
        var second = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("Succeeded", second.GetProperty("phase").GetString());
        Assert.Equal(volumes.Length, service.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal(0, service.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        var copies = await estate.OwnedSnapshotsAsync(config.Application);
        Assert.Equal(volumes.Length, copies.Count);
        Assert.Equal(volumes.Length, copies.Select(c => c.SourceId).Distinct().Count());
        Assert.Single(await estate.OwnedDbSnapshotsAsync(config.Application));
    }
}
