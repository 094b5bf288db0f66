using System.Globalization;
using DrService.IntegrationTests.Faults;
using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.HighAvailability;

/// <summary>
/// Two real service processes on one real PostgreSQL (Quartz clustered): the instance running a long backup cycle
/// is killed (kill -9); the survivor recovers the job (RequestRecovery) and finishes it without copying twice.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class TwoInstanceKillTests(MotoFixture moto)
{
    [Fact]
    public async Task BackupCycle_InstanceRunningItKilled_SurvivorRecoversTheRunNoCopyTwiceNothingLostScheduledJobsFireOnce()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(3);
        using var folder = new TempFolder();
        var config = new ServiceConfig
        {
            Moto = moto.Endpoint, VolumeIds = volumes, PostgresConnectionString = connectionString, EbsCopyLimit = 1,
            MonitoringCron = "0/5 * * * * ?",
            FaultRules = [ServiceConfig.Latency(Dr, "ec2", "DescribeSnapshots", TimeSpan.FromSeconds(2))],
        };
        var file = config.Write(folder);
        var state = StateDatabase.Postgres(connectionString);

        await using var a = ServiceProcess.Start(["--config", file], ProcessControl.MotoEnvironment());
        await using var b = ServiceProcess.Start(["--config", file], ProcessControl.MotoEnvironment());
        await a.WaitUntilListeningAsync();
        await b.WaitUntilListeningAsync();
        var token = await ApiClients.CreateTokenWithCliAsync("ha-suite", "operator", ["--config", file], ProcessControl.MotoEnvironment()!);
        a.Http.Authorize(token);
        b.Http.Authorize(token);
        var runKey = await a.Http.RunBackupAsync(config.Application);
        Assert.True(await ProcessControl.EventuallyAsync(async () => (await estate.OwnedSnapshotsAsync(config.Application)).Count >= 1, TimeSpan.FromSeconds(40)), a.Output + b.Output);
        var runner = (string)(await state.ScalarAsync($"SELECT \"Instance\" FROM job_runs WHERE \"Key\" = '{runKey}'"))!;
        var (victim, survivor) = runner.Contains($"-{a.ProcessId.ToString(CultureInfo.InvariantCulture)}-", StringComparison.Ordinal) ? (a, b) : (b, a);
        Assert.Contains($"-{victim.ProcessId.ToString(CultureInfo.InvariantCulture)}-", runner, StringComparison.Ordinal);
        var auditsBefore = await state.StringsAsync("SELECT \"Id\" FROM audit_log ORDER BY \"Id\"");
        var runsBefore = await state.StringsAsync("SELECT \"Key\" FROM job_runs ORDER BY \"Id\"");

        await ProcessControl.KillAsync(victim);
        var copiedBeforeKill = (await estate.OwnedSnapshotsAsync(config.Application)).Count;
        var run = await survivor.Http.WaitForRunAsync(runKey, TimeSpan.FromSeconds(90), () => survivor.Output);

        Assert.InRange(copiedBeforeKill, 1, volumes.Length - 1);
        Assert.Equal("Succeeded", run.GetProperty("phase").GetString());
        Assert.Equal("Recovery", run.GetProperty("trigger").GetString());
        Assert.Equal(2, run.GetProperty("attempts").GetInt32());
        Assert.Contains($"-{survivor.ProcessId.ToString(CultureInfo.InvariantCulture)}-", (string)(await state.ScalarAsync($"SELECT \"Instance\" FROM job_runs WHERE \"Key\" = '{runKey}'"))!, StringComparison.Ordinal);
        var copies = await estate.OwnedSnapshotsAsync(config.Application);
        Assert.Equal(volumes.Length, copies.Count);
        Assert.Equal(volumes.Length, copies.Select(c => c.SourceId).Distinct().Count());
        Assert.Equal(volumes.Length - copiedBeforeKill, await ProcessControl.SuccessfulCallsAsync(survivor, "ec2", Dr, "CopySnapshot"));
        // Nothing written before the kill is lost; every copy has its audit record.
        Assert.Superset(auditsBefore.ToHashSet(), (await state.StringsAsync("SELECT \"Id\" FROM audit_log")).ToHashSet());
        Assert.Superset(runsBefore.ToHashSet(), (await state.StringsAsync("SELECT \"Key\" FROM job_runs")).ToHashSet());
        Assert.Equal(volumes.Length, await state.CopyAuditsAsync(config.Application));
        // The 5-second monitoring job fired once per firing across the two instances: no firing was delivered to both.
        var monitoringRuns = await state.StringsAsync("SELECT \"Key\" FROM job_runs WHERE \"Job\" = 'monitoring'");
        Assert.True(monitoringRuns.Count >= 3, string.Join(", ", monitoringRuns));
        Assert.Equal(monitoringRuns.Count, monitoringRuns.Distinct().Count());
        Assert.DoesNotContain("was claimed by another instance", a.Output + b.Output, StringComparison.Ordinal);
    }
}
