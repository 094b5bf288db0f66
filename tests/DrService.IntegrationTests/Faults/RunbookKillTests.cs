using System.Text.Json;
using DrService.Testing;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// Fault 9: the service killed (kill -9) in the middle of a production tier B failover's fan-out, then started again.
/// The estate is the demo's "ledger" (two databases, two instances, two volumes), and only one database's restore is
/// slow, so the kill lands with one <c>restore-db</c> item finished and its sibling still running: the resumed run must
/// finish the sibling without repeating the finished item, nor any launched instance or created volume.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class RunbookKillTests(MotoFixture moto)
{
    /// <summary>The database whose restore waits in the fault layer: killed while its copy of restore-db runs.</summary>
    internal const string SlowDatabase = "ledger-db-journal";

    internal const string SlowStep = "restore-db:" + SlowDatabase;

    /// <summary>The restore of <see cref="SlowDatabase"/> only waits 12 s in the fault layer before it is sent.</summary>
    internal static System.Text.Json.Nodes.JsonObject SlowRestore() =>
        ServiceConfig.Latency(Dr, "rds", "RestoreDBInstanceFromDBSnapshot", TimeSpan.FromSeconds(12), requestContains: SlowDatabase);

    /// <summary>In the middle of the fan-out: the slow item running, its sibling restored, every instance and volume done.</summary>
    internal static bool MidFanOut(JsonElement e) =>
        e.StepsIn("Running").Contains(SlowStep)
        && e.StepsOf("restore-db").Count == 2
        && e.StepsOf("restore-db").Where(s => s != SlowStep).All(e.StepsIn("Succeeded").Contains)
        && e.AllIn("launch-fleet", "Succeeded")
        && e.AllIn("restore-volumes", "Succeeded");

    [Fact]
    public async Task TierBFailover_ServiceKilledMidFanOutAndRestarted_ResumedAfterTheLeaseNoItemRepeatedJournalContiguous()
    {
        using var estate = new RunbookEstate(moto.Endpoint, RunbookEstate.Ledger);
        await estate.SeedAsync(moto.Server);
        using var folder = new TempFolder();
        using var afterCrash = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        var slow = estate.WriteConfig(folder, dataFolder: data, faultRules: [SlowRestore()]);
        var normal = estate.WriteConfig(afterCrash, dataFolder: data);

        var token = await ApiClients.CreateTokenWithCliAsync("rbfaults", "operator", ["--config", slow], ProcessControl.MotoEnvironment()!);
        string id;
        IReadOnlyList<(long Sequence, string Kind, string? Step)> before;
        string[] succeededBefore;
        await using (var first = ServiceProcess.Start(["--config", slow], ProcessControl.MotoEnvironment()))
        {
            await first.WaitUntilListeningAsync();
            first.Http.Authorize(token);
            await first.Http.PrepareAsync(estate.Name);
            id = await first.Http.StartProductionAsync("tier-b-failover", estate.Name);
            var atKill = await first.Http.WaitForAsync($"/api/v1/executions/{id}", MidFanOut, TimeSpan.FromSeconds(60));
            before = await first.Http.JournalAsync(id);
            await ProcessControl.KillAsync(first);
            succeededBefore = [.. atKill.StepsIn("Succeeded")];
        }
        Assert.Equal("Running", await StateDatabase.Sqlite(data).ScalarAsync($"SELECT phase FROM runbook_executions WHERE id = '{id}'"));
        var created = await CreatedAsync(estate, id);

        await using var second = ServiceProcess.Start(["--config", normal], ProcessControl.MotoEnvironment());
        await second.WaitUntilListeningAsync();
        second.Http.Authorize(token);
        var ended = await second.Http.WaitForEndAsync(id, TimeSpan.FromSeconds(90), () => second.Output);
        var journal = await second.Http.JournalAsync(id);

        Assert.True(ended.GetProperty("phase").GetString() == "Succeeded", $"{ended}\n{journal.Describe()}\n{second.Output}");
        await AssertEachItemOnceAsync(estate, id, ended, created);
        AssertJournal(ended, before, journal, succeededBefore);
        // A new owner (the restarted process) took the lease and finished the slow item.
        Assert.Contains(journal, e => e.Kind == "StepSucceeded" && e.Step == SlowStep && e.Sequence > before[^1].Sequence);
    }

    /// <summary>What the execution had created in moto at the kill: the finished database, both instances and volumes.</summary>
    internal static async Task<(IReadOnlyList<Created> Databases, IReadOnlyList<Created> Instances, IReadOnlyList<Created> Volumes)> CreatedAsync(RunbookEstate estate, string id)
    {
        var databases = await estate.RestoredDatabasesAsync(id);
        Assert.DoesNotContain(databases, d => d.Step == SlowStep);
        Assert.Single(databases);
        return (databases, await estate.LaunchedInstancesAsync(id), await estate.CreatedVolumesAsync(id));
    }

    /// <summary>
    /// AWS creates counted in moto once per item: one restored database per restore-db copy, one instance per
    /// launch-fleet copy, one volume per restore-volumes copy, each tagged with its own step; and what existed at the
    /// kill is still there, unchanged (the resumed run did not make it again).
    /// </summary>
    internal static async Task AssertEachItemOnceAsync(RunbookEstate estate, string id, JsonElement ended,
        (IReadOnlyList<Created> Databases, IReadOnlyList<Created> Instances, IReadOnlyList<Created> Volumes) atKill)
    {
        var databases = await estate.RestoredDatabasesAsync(id);
        var instances = await estate.LaunchedInstancesAsync(id);
        var volumes = await estate.CreatedVolumesAsync(id);
        AssertOnePerCopy(ended, "restore-db", databases);
        AssertOnePerCopy(ended, "launch-fleet", instances);
        AssertOnePerCopy(ended, "restore-volumes", volumes);
        Assert.Subset(databases.ToHashSet(), atKill.Databases.ToHashSet());
        Assert.Equal(atKill.Instances.OrderBy(c => c.Id), instances.OrderBy(c => c.Id));
        Assert.Equal(atKill.Volumes.OrderBy(c => c.Id), volumes.OrderBy(c => c.Id));
    }

    private static void AssertOnePerCopy(JsonElement ended, string template, IReadOnlyList<Created> created)
    {
        var copies = ended.StepsOf(template);
        Assert.Equal(2, copies.Count);
        // (A launched instance's root volume carries its launch-fleet step's tags: only the template's own count here.)
        Assert.Equal(copies.Order(), created.Select(c => c.Step ?? "(untagged)").Where(s => RunbookApi.Template(s) == template).Order());
    }

    /// <summary>
    /// Sequences 1..N without a gap; every entry written before the kill still there, in place; exactly one
    /// StepSucceeded per succeeded step (per item of a fan-out), one StepSkipped per skipped step, exactly one
    /// StepStarting for every item finished before the kill, and nothing after the kill for such an item.
    /// </summary>
    internal static void AssertJournal(JsonElement ended, IReadOnlyList<(long Sequence, string Kind, string? Step)> before,
        IReadOnlyList<(long Sequence, string Kind, string? Step)> journal, string[] succeededBefore)
    {
        var text = journal.Describe();
        Assert.True(journal.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, journal.Count).Select(i => (long)i)), text);
        Assert.Equal(before, journal.Take(before.Count));
        // Steps of a kind with no items (the ledger has no clusters, no replicas, no buckets) are skipped, once.
        Assert.All(ended.StepsIn("Succeeded"), s => Assert.True(journal.Count(e => e.Kind == "StepSucceeded" && e.Step == s) == 1, $"step {s}:\n{text}"));
        Assert.All(ended.StepsIn("Skipped"), s => Assert.True(journal.Count(e => e.Step == s && e.Kind is "StepSkipped") == 1 && !journal.Any(e => e.Step == s && e.Kind is "StepStarting" or "StepSucceeded"), $"step {s}:\n{text}"));
        Assert.All(succeededBefore, s => Assert.True(journal.Count(e => e.Kind == "StepStarting" && e.Step == s) == 1, $"step {s} started more than once:\n{text}"));
        Assert.All(succeededBefore, s => Assert.DoesNotContain(journal.Skip(before.Count), e => e.Step == s && e.Kind is "StepStarting" or "StepSucceeded"));
    }
}
