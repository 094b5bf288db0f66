using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>Fault 2: 5xx answers: a short burst on EBS copies, a lasting outage of RDS copies.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ServerErrorBurstTests(MotoFixture moto)
{
    [Fact]
    public async Task BackupCycle_5xxBurstOnEbsAndOutageOnRds_EbsCopiedOnceRdsFailedWithItsCodeThenCopiedOnce()
    {
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(2);
        var db = await estate.DatabaseWithSnapshotAsync();
        using var folder = new TempFolder();
        var config = new ServiceConfig { Moto = moto.Endpoint, VolumeIds = volumes, DatabaseIds = [db] };
        await using var service = await InProcessService.StartAsync(config.Write(folder));

        service.Faults.ServerErrors(Dr, "ec2", limit: 3, operation: "CopySnapshot");
        var rdsOutage = service.Faults.ServerErrors(Dr, "rds", operation: "CopyDBSnapshot");
        var first = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("PartiallyFailed", first.GetProperty("phase").GetString());
        Assert.Contains($"DbSnapshot {db}: ServiceUnavailable", first.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        var status = await service.Http.ResourcesAsync(config.Application);
        Assert.Equal("ServiceUnavailable", status[db].ErrorCode());
        Assert.All(volumes, v => Assert.Null(status[v].ErrorCode()));
        var copies = await estate.OwnedSnapshotsAsync(config.Application);
        Assert.Equal(volumes.Length, copies.Select(c => c.SourceId).Distinct().Count());
        Assert.Equal(volumes.Length, copies.Count);
        Assert.Empty(await estate.OwnedDbSnapshotsAsync(config.Application));
        Assert.Equal(0, service.Counter.Count("*", Dr, "DeleteSnapshot") + service.Counter.Count("*", Dr, "DeleteDBSnapshot"));

        service.Faults.Remove(rdsOutage);
        service.Counter.Reset();
        var second = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("Succeeded", second.GetProperty("phase").GetString());
        Assert.Equal(0, service.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal(1, service.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        Assert.Single(await estate.OwnedDbSnapshotsAsync(config.Application));
        Assert.Equal(volumes.Length, (await estate.OwnedSnapshotsAsync(config.Application)).Count);
        Assert.Null((await service.Http.ResourcesAsync(config.Application))[db].ErrorCode());
    }
}
