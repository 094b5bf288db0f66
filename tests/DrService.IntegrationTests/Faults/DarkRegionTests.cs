using DrService.Scheduling;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>Faults 4 and 5: the primary region dark, then the DR region dark, during backup cycles.</summary>
[Collection(FaultsCollection.Name)]
public sealed class DarkRegionTests(MotoFixture moto)
{
    [Fact]
    public async Task BackupCycle_PrimaryRegionDark_SourcesFailedRegionUnavailableNothingDeletedMonitoringAndWitnessSeeItDown()
    {
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(2);
        var buckets = await estate.ReplicatedBucketsAsync();
        using var folder = new TempFolder();
        var config = new ServiceConfig
        {
            Moto = moto.Endpoint,
            VolumeIds = volumes,
            Buckets = [buckets],
            AggressiveRetention = true,
            // The application's primary endpoint, unreachable as it is when its region is dark (nothing listens there).
            PrimaryProbe = new Uri($"http://127.0.0.1:{FreePort.Next()}/health"),
        };
        var old = new List<string>();
        foreach (var volume in volumes)
        {
            old.Add(await estate.OldCopyAsync(config.Application, volume, daysAgo: 20));
            old.Add(await estate.OldCopyAsync(config.Application, volume, daysAgo: 21));
        }
        await using var service = await InProcessService.StartAsync(config.Write(folder));
        var before = await estate.DrSnapshotIdsAsync();

        service.Faults.MakeDark(Primary);
        var run = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));
        var monitoringKey = await service.Services.GetRequiredService<JobControl>().RunNowAsync("monitoring", "test", default);
        var monitoring = await service.Http.WaitForRunAsync(monitoringKey!.RunKey);

        Assert.Matches(@"[1-9][0-9]* unknown", monitoring.GetProperty("message").GetString());
        Assert.Equal("Failed", run.GetProperty("phase").GetString());
        Assert.Contains("RegionUnavailable", run.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        var status = await service.Http.JsonAsync($"/api/v1/backups/{config.Application}");
        var rows = status.GetProperty("resources").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("RegionUnavailable", r.ErrorCode()));
        Assert.All(rows, r => Assert.Contains(Primary, r.GetProperty("errorMessage").GetString(), StringComparison.Ordinal));
        Assert.Equal(0, service.Counter.Count("*", "*", "DeleteSnapshot"));
        Assert.Equal(0, service.Counter.Count("*", "*", "CopySnapshot"));
        service.Faults.Clear();
        Assert.Equal(before, await estate.DrSnapshotIdsAsync());
        Assert.Superset(old.ToHashSet(), before);

        // Monitoring: the replication pair's source bucket cannot be read: unknown conditions; readiness says so.
        var readiness = await service.Http.WaitForAsync($"/api/v1/readiness/{config.Application}",
            r => r.GetRawText().Contains("RegionUnavailable", StringComparison.Ordinal));
        Assert.NotEqual("Ready", readiness.GetProperty("verdict").GetString());
        // The witness: its own probe of the primary endpoint fails.
        var witness = await service.Http.WaitForAsync($"/api/v1/witness/{config.Application}",
            w => w.GetProperty("conditions").EnumerateArray().Any(c => c.GetProperty("subject").GetString() == "probe:primary" && c.GetProperty("status").GetString() == "False"));
        Assert.Equal("PrimaryDown", witness.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task BackupCycle_DrRegionDarkThenLifted_NoCopiesNoDeletionsClearStatusThenEveryCopyMadeOnce()
    {
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(2);
        var db = await estate.DatabaseWithSnapshotAsync();
        using var folder = new TempFolder();
        var config = new ServiceConfig { Moto = moto.Endpoint, VolumeIds = volumes, DatabaseIds = [db], AggressiveRetention = true };
        var old = new List<string>();
        foreach (var volume in volumes)
        {
            old.Add(await estate.OldCopyAsync(config.Application, volume, daysAgo: 20));
            old.Add(await estate.OldCopyAsync(config.Application, volume, daysAgo: 21));
        }
        await using var service = await InProcessService.StartAsync(config.Write(folder));
        var before = await estate.DrSnapshotIdsAsync();

        var dark = service.Faults.MakeDark(Dr);
        var first = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("Failed", first.GetProperty("phase").GetString());
        Assert.Contains("RegionUnavailable", first.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        var status = await service.Http.ResourcesAsync(config.Application);
        Assert.All(volumes.Append(db), id => Assert.Equal("RegionUnavailable", status[id].ErrorCode()));
        Assert.Equal(0, service.Counter.Count("*", Dr, "CopySnapshot") + service.Counter.Count("*", Dr, "CopyDBSnapshot"));
        Assert.Equal(0, service.Counter.Count("*", Dr, "DeleteSnapshot") + service.Counter.Count("*", Dr, "DeleteDBSnapshot"));
        service.Faults.Remove(dark);
        Assert.Equal(before, await estate.DrSnapshotIdsAsync());

        service.Counter.Reset();
        var second = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));
        Assert.Equal("Succeeded", second.GetProperty("phase").GetString());
        service.Counter.Reset();
        var third = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("Succeeded", third.GetProperty("phase").GetString());
        Assert.Equal(0, service.Counter.Count("ec2", Dr, "CopySnapshot") + service.Counter.Count("rds", Dr, "CopyDBSnapshot"));
        var copies = (await estate.OwnedSnapshotsAsync(config.Application)).Where(c => !c.SourceId.StartsWith("old-", StringComparison.Ordinal)).ToList();
        Assert.Equal(volumes.Length, copies.Count);
        Assert.Equal(volumes.Length, copies.Select(c => c.SourceId).Distinct().Count());
        Assert.Single(await estate.OwnedDbSnapshotsAsync(config.Application));
        var after = await service.Http.ResourcesAsync(config.Application);
        Assert.All(volumes.Append(db), id => Assert.Null(after[id].ErrorCode()));
    }
}
