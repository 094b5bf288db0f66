using DrService.Aws.Protocol;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using DrService.Tests.Configuration;
using DrService.Tests.Runbooks.Actions;
using DrService.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using static DrService.Tests.Runbooks.EndToEnd.TierAFailoverTests;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// Issue 12, item 2: an application whose database is an Aurora global database fails over with the primary region
/// dark (the fault layer): the DR member is detached and promoted from the DR region alone, and the approved rebuild
/// runbook makes a new global database from it. Checked with the AWS CLI. The regions are swapped here (primary
/// us-west-2, DR us-east-1) because moto 5.2.1 detaches only members in us-east-1 (<see cref="MotoGlobalDatabase"/>).
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class AuroraGlobalFailoverTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Global = "ledger-global";
    private readonly TempFolder _folder = new();
    private TestDatabase _database = null!;
    private SmokeEndpoint _smoke = null!;
    private EndToEndHost _host = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _database = TestDatabase.Sqlite();
        _smoke = new SmokeEndpoint();
        _cli = new AwsCli(moto.Endpoint);
        var result = ConfigurationFileBuilder.FromRepository()
            .With("DrService:Regions", """{ "Primary": "us-west-2", "Dr": "us-east-1" }""")
            .With("DrService:Applications", $$"""
                {
                  "ledger": {
                    "Tier": "A", "Rpo": "00:15:00", "Rto": "00:30:00",
                    "Resources": { "GlobalClusters": [ { "Identifier": "{{Global}}" } ] },
                    "Recovery": { "InstanceType": "t3.micro", "AvailabilityZone": "us-east-1a", "DbInstanceClass": "db.t3.micro", "SmokeTestUrl": "{{_smoke.Url}}" }
                  }
                }
                """)
            .Validate(_folder);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        _host = await EndToEndHost.StartAsync(moto.Endpoint, _database, result.Options!, smokeTestUrl: null);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _smoke.Dispose();
        _database.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task TierAFailover_PrimaryRegionDark_DetachesTheDrSecondary_ThenTheRebuildMakesANewGlobalDatabaseFromIt()
    {
        var (writer, secondary) = await MotoGlobalDatabase.CreateAsync(_host.Rds, _host.Services.GetRequiredService<AwsQueryClient>(), Global, _host.Primary, _host.Dr);
        Assert.Equal([writer, secondary], await MembersAsync(Global));
        _host.Counter.Reset();
        _host.Faults.MakeDark(_host.Primary);
        await _host.StartExecutorAsync();

        var execution = await _host.StartAsync(null, "ledger");
        var ended = await _host.WaitForEndAsync(execution.Id);
        var journal = await _host.JournalAsync(execution.Id);

        Assert.Equal("tier-a-failover", execution.Runbook.Id);
        Assert.True(ended.Phase == Phase.Succeeded, EndToEndHost.Describe(journal));
        AssertEveryStepSucceeded(ended, journal, []);
        var detached = Outputs(journal, "detach-global");
        Assert.Equal("ledger-global-secondary", detached["dbCluster"]);
        Assert.False(string.IsNullOrEmpty(detached["writerEndpoint"]));
        // The AWS CLI sees the DR cluster standalone: no longer a member of the global database, and available.
        Assert.Equal([writer], await MembersAsync(Global));
        var cluster = (await _cli.JsonAsync(_host.Dr, "rds", "describe-db-clusters", "--db-cluster-identifier", "ledger-global-secondary"))
            .GetProperty("DBClusters").EnumerateArray().Single();
        Assert.Equal("available", cluster.GetProperty("Status").GetString());
        // Static stability: nothing but reads was tried in the dark primary region.
        Assert.All(_host.Counter.Snapshot().Where(c => c.Key.Region == _host.Primary && c.Key.Service != "route53"),
            c => Assert.Matches("^(Describe|List|Get)", c.Key.Operation));
        Assert.Contains(await _host.AuditAsync(), a => a.Action == "runbook.rds.detach-global-secondary" && a.Result == "succeeded");

        // Failback, still with the primary dark: the rebuild runbook plans and runs from the DR region.
        var plan = await _host.Runbooks.PlanAsync("aurora-global-rebuild", "ledger", ExecutionMode.Production, default);
        var create = Assert.Single(plan.Plan.Steps, s => s.Action == "rds.create-global-cluster");
        Assert.Equal(($"{Global}-rebuilt", secondary), (create.Inputs["globalCluster"], create.Inputs["sourceCluster"]));
        Assert.Empty(plan.Inventory.Errors);
        var rebuild = await _host.StartAsync("aurora-global-rebuild", "ledger", purpose: DrService.Runbooks.Catalog.RunbookPurpose.Failback);
        var rebuilt = await _host.WaitForEndAsync(rebuild.Id);
        Assert.True(rebuilt.Phase == Phase.Succeeded, EndToEndHost.Describe(await _host.JournalAsync(rebuild.Id)));
        Assert.Equal([secondary], await MembersAsync($"{Global}-rebuilt"));
    }

    /// <summary>The member ARNs of a global database as the AWS CLI lists them (in the DR region: the global data plane answers there).</summary>
    private async Task<List<string>> MembersAsync(string global)
    {
        var answer = await _cli.JsonAsync(_host.Dr, "rds", "describe-global-clusters");
        return answer.GetProperty("GlobalClusters").EnumerateArray()
            .Single(g => g.GetProperty("GlobalClusterIdentifier").GetString() == global)
            .GetProperty("GlobalClusterMembers").EnumerateArray().Select(m => m.GetProperty("DBClusterArn").GetString()!).ToList();
    }
}
