using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>Fault 7: the service killed (kill -9) in the middle of a backup cycle's copies, then started again.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ServiceKillTests(MotoFixture moto)
{
    [Fact]
    public async Task BackupCycle_ServiceKilledMidCopyAndRestarted_RecoveredRunFinishesWithoutCopyingTwice()
    {
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(3);
        using var folder = new TempFolder();
        using var afterCrash = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        // One EBS copy at a time, each followed by a slow poll: the cycle is mid-copy for seconds.
        var slow = new ServiceConfig
        {
            Moto = moto.Endpoint, VolumeIds = volumes, DataFolder = data, EbsCopyLimit = 1,
            FaultRules = [ServiceConfig.Latency(Dr, "ec2", "DescribeSnapshots", TimeSpan.FromSeconds(2))],
        };
        var normal = new ServiceConfig { Moto = moto.Endpoint, Application = slow.Application, VolumeIds = volumes, DataFolder = data, EbsCopyLimit = 1 };

        string runKey;
        int copiedBeforeKill;
        string token;
        var slowFile = slow.Write(folder);
        await using (var first = ServiceProcess.Start(["--config", slowFile], ProcessControl.MotoEnvironment()))
        {
            await first.WaitUntilListeningAsync();
            token = await ApiClients.CreateTokenWithCliAsync("fault-suite", "operator", ["--config", slowFile], ProcessControl.MotoEnvironment()!);
            first.Http.Authorize(token);
            runKey = await first.Http.RunBackupAsync(slow.Application);
            Assert.True(await ProcessControl.EventuallyAsync(async () => (await estate.OwnedSnapshotsAsync(slow.Application)).Count >= 1, TimeSpan.FromSeconds(40)), first.Output);
            await ProcessControl.KillAsync(first);
            copiedBeforeKill = (await estate.OwnedSnapshotsAsync(slow.Application)).Count;
        }
        Assert.InRange(copiedBeforeKill, 1, volumes.Length - 1);
        var state = StateDatabase.Sqlite(data);
        Assert.Equal("Running", await state.ScalarAsync($"SELECT \"Phase\" FROM job_runs WHERE \"Key\" = '{runKey}'"));

        await using var second = ServiceProcess.Start(["--config", normal.Write(afterCrash)], ProcessControl.MotoEnvironment());
        second.Http.Authorize(token);
        await second.WaitUntilListeningAsync();
        var run = await second.Http.WaitForRunAsync(runKey, TimeSpan.FromSeconds(60), () => second.Output);

        Assert.Equal("Succeeded", run.GetProperty("phase").GetString());
        Assert.Equal("Recovery", run.GetProperty("trigger").GetString());
        Assert.Equal(2, run.GetProperty("attempts").GetInt32());
        var copies = await estate.OwnedSnapshotsAsync(slow.Application);
        Assert.Equal(volumes.Length, copies.Count);
        Assert.Equal(volumes.Length, copies.Select(c => c.SourceId).Distinct().Count());
        Assert.Equal(volumes.Length - copiedBeforeKill, await ProcessControl.SuccessfulCallsAsync(second, "ec2", Dr, "CopySnapshot"));
        Assert.Equal(volumes.Length, await state.CopyAuditsAsync(slow.Application));
    }
}
