using System.Globalization;
using DrService.IntegrationTests.Faults;
using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.HighAvailability;

/// <summary>
/// Two real service processes on one real PostgreSQL: the instance holding a production tier B failover's lease is
/// killed (kill -9) mid-execution; the survivor takes the lease once it expires and finishes the execution.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class TwoInstanceRunbookKillTests(MotoFixture moto)
{
    [Fact]
    public async Task TierBFailover_LeaseOwnerKilled_SurvivorTakesTheLeaseAndFinishesNoStepRepeatedNoJournalEntryLost()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var estate = new RunbookEstate(moto.Endpoint);
        await estate.SeedAsync(moto.Server);
        using var folder = new TempFolder();
        // Both instances: the restore call waits 8 s in the fault layer, so the database step is Running for that long.
        var file = estate.WriteConfig(folder, postgres: connectionString, faultRules: [ServiceConfig.Latency(Dr, "rds", "RestoreDBInstanceFromDBSnapshot", TimeSpan.FromSeconds(8))]);
        var state = StateDatabase.Postgres(connectionString);
        const string Db = "restore-db";

        var token = await ApiClients.CreateTokenWithCliAsync("rbfaults", "operator", ["--config", file], ProcessControl.MotoEnvironment()!);
        await using var a = ServiceProcess.Start(["--config", file], ProcessControl.MotoEnvironment());
        await using var b = ServiceProcess.Start(["--config", file], ProcessControl.MotoEnvironment());
        await a.WaitUntilListeningAsync();
        await b.WaitUntilListeningAsync();
        a.Http.Authorize(token);
        b.Http.Authorize(token);
        await a.Http.PrepareAsync(RunbookEstate.Application);
        var id = await a.Http.StartProductionAsync("tier-b-failover", RunbookEstate.Application);
        var atKill = await a.Http.WaitForAsync($"/api/v1/executions/{id}",
            e => e.StepsIn("Running").Contains(Db) && e.StepsIn("Succeeded").Contains("launch-fleet") && e.StepsIn("Succeeded").Contains("restore-volumes"),
            TimeSpan.FromSeconds(40));
        var owner = (string)(await state.ScalarAsync($"SELECT lease_owner FROM runbook_executions WHERE id = '{id}'"))!;
        var (victim, survivor) = owner.Contains(Pid(a), StringComparison.Ordinal) ? (a, b) : (b, a);
        Assert.Contains(Pid(victim), owner, StringComparison.Ordinal);
        var before = await survivor.Http.JournalAsync(id);

        await ProcessControl.KillAsync(victim);
        Assert.Empty(await estate.RestoredDatabasesAsync(id));
        var instancesBefore = await estate.LaunchedInstancesAsync(id);
        var volumesBefore = await estate.CreatedVolumesAsync(id);
        var ended = await survivor.Http.WaitForEndAsync(id, TimeSpan.FromSeconds(60), () => survivor.Output);
        var journal = await survivor.Http.JournalAsync(id);

        Assert.True(ended.GetProperty("phase").GetString() == "Succeeded", $"{ended}\n{journal.Describe()}\n{survivor.Output}");
        Assert.Single(await estate.RestoredDatabasesAsync(id));
        Assert.Single(instancesBefore);
        Assert.Equal(instancesBefore.Order(), (await estate.LaunchedInstancesAsync(id)).Order());
        Assert.NotEmpty(volumesBefore);
        Assert.Equal(volumesBefore.Order(), (await estate.CreatedVolumesAsync(id)).Order());
        RunbookKillTests.AssertJournal(ended, before, journal, [.. atKill.StepsIn("Succeeded")]);
        // Everything after the kill was written by the survivor, as the lease's new owner.
        var actorsAfter = await state.StringsAsync($"SELECT actor FROM runbook_journal WHERE execution_id = '{id}' AND sequence > {before[^1].Sequence.ToString(CultureInfo.InvariantCulture)} AND actor IS NOT NULL");
        Assert.NotEmpty(actorsAfter);
        Assert.All(actorsAfter, actor => Assert.Contains(Pid(survivor), actor, StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Kind == "StepSucceeded" && e.Step == Db && e.Sequence > before[^1].Sequence);
    }

    private static string Pid(ServiceProcess service) => $"-{service.ProcessId.ToString(CultureInfo.InvariantCulture)}-";
}
