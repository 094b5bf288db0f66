using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>Fault 9: the service killed (kill -9) in the middle of a production tier B failover, then started again.</summary>
[Collection(FaultsCollection.Name)]
public sealed class RunbookKillTests(MotoFixture moto)
{
    [Fact]
    public async Task TierBFailover_ServiceKilledMidExecutionAndRestarted_ResumedAfterTheLeaseNoStepRepeatedJournalContiguous()
    {
        using var estate = new RunbookEstate(moto.Endpoint);
        await estate.SeedAsync(moto.Server);
        using var folder = new TempFolder();
        using var afterCrash = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        // The restore call waits 8 s in the fault layer before it is sent: the database step is Running for that long
        // while the fleet, the volumes and the replication check finish.
        var slow = estate.WriteConfig(folder, dataFolder: data, faultRules: [ServiceConfig.Latency(Dr, "rds", "RestoreDBInstanceFromDBSnapshot", TimeSpan.FromSeconds(8))]);
        var normal = estate.WriteConfig(afterCrash, dataFolder: data);
        const string Db = "restore-db";

        var token = await ApiClients.CreateTokenWithCliAsync("rbfaults", "operator", ["--config", slow], ProcessControl.MotoEnvironment()!);
        string id;
        IReadOnlyList<(long Sequence, string Kind, string? Step)> before;
        string[] succeededBefore;
        await using (var first = ServiceProcess.Start(["--config", slow], ProcessControl.MotoEnvironment()))
        {
            await first.WaitUntilListeningAsync();
            first.Http.Authorize(token);
            await first.Http.PrepareAsync(RunbookEstate.Application);
            id = await first.Http.StartProductionAsync("tier-b-failover", RunbookEstate.Application);
            var atKill = await first.Http.WaitForAsync($"/api/v1/executions/{id}",
                e => e.StepsIn("Running").Contains(Db) && e.StepsIn("Succeeded").Contains("launch-fleet") && e.StepsIn("Succeeded").Contains("restore-volumes"),
                TimeSpan.FromSeconds(40));
            before = await first.Http.JournalAsync(id);
            await ProcessControl.KillAsync(first);
            succeededBefore = [.. atKill.StepsIn("Succeeded")];
        }
        Assert.Equal("Running", await StateDatabase.Sqlite(data).ScalarAsync($"SELECT phase FROM runbook_executions WHERE id = '{id}'"));
        Assert.Empty(await estate.RestoredDatabasesAsync(id));
        var instancesBefore = await estate.LaunchedInstancesAsync(id);
        var volumesBefore = await estate.CreatedVolumesAsync(id);

        await using var second = ServiceProcess.Start(["--config", normal], ProcessControl.MotoEnvironment());
        await second.WaitUntilListeningAsync();
        second.Http.Authorize(token);
        var ended = await second.Http.WaitForEndAsync(id, TimeSpan.FromSeconds(60), () => second.Output);
        var journal = await second.Http.JournalAsync(id);

        Assert.True(ended.GetProperty("phase").GetString() == "Succeeded", $"{ended}\n{journal.Describe()}\n{second.Output}");
        Assert.Single(await estate.RestoredDatabasesAsync(id));
        // The fleet and the volumes made before the kill are the execution's only ones: the resumed run did not redo them.
        Assert.Single(instancesBefore);
        Assert.Equal(instancesBefore.Order(), (await estate.LaunchedInstancesAsync(id)).Order());
        Assert.NotEmpty(volumesBefore);
        Assert.Equal(volumesBefore.Order(), (await estate.CreatedVolumesAsync(id)).Order());
        AssertJournal(ended, before, journal, succeededBefore);
        // A new owner (the restarted process) took the lease and wrote the rest.
        Assert.Contains(journal, e => e.Kind == "StepSucceeded" && e.Step == Db && e.Sequence > before[^1].Sequence);
    }

    /// <summary>
    /// Sequences 1..N without a gap; every entry written before the kill still there, in place; exactly one
    /// StepSucceeded per step, and none after the kill for a step that had already succeeded.
    /// </summary>
    internal static void AssertJournal(System.Text.Json.JsonElement ended, IReadOnlyList<(long Sequence, string Kind, string? Step)> before,
        IReadOnlyList<(long Sequence, string Kind, string? Step)> journal, string[] succeededBefore)
    {
        var text = journal.Describe();
        Assert.True(journal.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, journal.Count).Select(i => (long)i)), text);
        Assert.Equal(before, journal.Take(before.Count));
        var steps = ended.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.All(steps, s => Assert.True(journal.Count(e => e.Kind == "StepSucceeded" && e.Step == s) == 1, $"step {s}:\n{text}"));
        Assert.All(succeededBefore, s => Assert.DoesNotContain(journal.Skip(before.Count), e => e.Step == s && e.Kind is "StepStarting" or "StepSucceeded"));
    }
}
