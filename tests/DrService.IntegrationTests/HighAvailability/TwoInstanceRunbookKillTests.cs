using System.Globalization;
using DrService.IntegrationTests.Faults;
using DrService.Testing;

namespace DrService.IntegrationTests.HighAvailability;

/// <summary>
/// Two real service processes on one real PostgreSQL: the instance holding a production tier B failover's lease is
/// killed (kill -9) mid-execution; the survivor takes the lease once it expires and finishes the execution.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class TwoInstanceRunbookKillTests(MotoFixture moto)
{
    [Fact]
    public async Task TierBFailover_LeaseOwnerKilledMidFanOut_SurvivorTakesTheLeaseAndFinishesNoItemRepeatedNoJournalEntryLost()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var estate = new RunbookEstate(moto.Endpoint, RunbookEstate.Ledger);
        await estate.SeedAsync(moto.Server);
        using var folder = new TempFolder();
        // Both instances: one database's restore waits in the fault layer, so the kill lands in the middle of the fan-out.
        var file = estate.WriteConfig(folder, postgres: connectionString, faultRules: [RunbookKillTests.SlowRestore()]);
        var state = StateDatabase.Postgres(connectionString);

        var token = await ApiClients.CreateTokenWithCliAsync("rbfaults", "operator", ["--config", file], ProcessControl.MotoEnvironment()!);
        await using var a = ServiceProcess.Start(["--config", file], ProcessControl.MotoEnvironment());
        await using var b = ServiceProcess.Start(["--config", file], ProcessControl.MotoEnvironment());
        await a.WaitUntilListeningAsync();
        await b.WaitUntilListeningAsync();
        a.Http.Authorize(token);
        b.Http.Authorize(token);
        await a.Http.PrepareAsync(estate.Name);
        var id = await a.Http.StartProductionAsync("tier-b-failover", estate.Name);
        var atKill = await a.Http.WaitForAsync($"/api/v1/executions/{id}", RunbookKillTests.MidFanOut, TimeSpan.FromSeconds(60));
        var owner = (string)(await state.ScalarAsync($"SELECT lease_owner FROM runbook_executions WHERE id = '{id}'"))!;
        var (victim, survivor) = owner.Contains(Pid(a), StringComparison.Ordinal) ? (a, b) : (b, a);
        Assert.Contains(Pid(victim), owner, StringComparison.Ordinal);
        var before = await survivor.Http.JournalAsync(id);

        await ProcessControl.KillAsync(victim);
        var created = await RunbookKillTests.CreatedAsync(estate, id);
        var ended = await survivor.Http.WaitForEndAsync(id, TimeSpan.FromSeconds(90), () => survivor.Output);
        var journal = await survivor.Http.JournalAsync(id);

        Assert.True(ended.GetProperty("phase").GetString() == "Succeeded", $"{ended}\n{journal.Describe()}\n{survivor.Output}");
        await RunbookKillTests.AssertEachItemOnceAsync(estate, id, ended, created);
        RunbookKillTests.AssertJournal(ended, before, journal, [.. atKill.StepsIn("Succeeded")]);
        // Everything after the kill was written by the survivor, as the lease's new owner.
        var actorsAfter = await state.StringsAsync($"SELECT actor FROM runbook_journal WHERE execution_id = '{id}' AND sequence > {before[^1].Sequence.ToString(CultureInfo.InvariantCulture)} AND actor IS NOT NULL");
        Assert.NotEmpty(actorsAfter);
        Assert.All(actorsAfter, actor => Assert.Contains(Pid(survivor), actor, StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Kind == "StepSucceeded" && e.Step == RunbookKillTests.SlowStep && e.Sequence > before[^1].Sequence);
    }

    private static string Pid(ServiceProcess service) => $"-{service.ProcessId.ToString(CultureInfo.InvariantCulture)}-";
}
