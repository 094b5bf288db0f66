using DrService.Aws.Rds;
using DrService.Backups.Engine;
using DrService.Configuration;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Hosting;
using DrService.Runbooks.Inventory;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Reporting;
using DrService.Backups.Model;
using DrService.Dns;
using DrService.Testing;
using DrService.Tests.Backups.Engine;
using DrService.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// Issue 11: failover, failback and drills recover the whole application as configured, on an estate that is not the
/// demo's (<see cref="GeneralEstate"/>), through the real executor and store against moto, checked with the AWS CLI.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class WholeApplicationTests(MotoFixture moto) : IAsyncLifetime
{
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
        _host = await EndToEndHost.StartAsync(moto.Endpoint, _database, GeneralEstate.Options(_folder, _smoke.Url), smokeTestUrl: null);
        await Gate.WaitAsync();
        try
        {
            if (!_built)
            {
                await GeneralEstate.BuildAsync(_host.Clients, _host.Rds, _host.Route53, _host.Primary, _host.Dr);
                foreach (var app in new[] { "warehouse", "inventory" })
                {
                    var result = await _host.Services.GetRequiredService<BackupCycle>().RunAsync(app, EngineTestHost.Context(app), default);
                    Assert.True(result.Failures.Count == 0, string.Join("; ", result.Failures.Select(f => f.ToString())));
                    var reconciler = _host.Services.GetRequiredService<DnsFailoverReconciler>();
                    await reconciler.ApplyAsync(app, (await reconciler.PlanAsync(app, default))!, "test", default);
                }
                _built = true;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _built;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _smoke.Dispose();
        _database.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task BackupCycle_GeneralEstate_CopiesEverySelectedResourceOnce_AndNothingElse()
    {
        var snapshots = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-snapshots", "--snapshot-type", "manual");
        var copiedDbs = snapshots.GetProperty("DBSnapshots").EnumerateArray()
            .Select(s => s.GetProperty("DBInstanceIdentifier").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(GeneralEstate.WarehouseDbs.Order(StringComparer.Ordinal), copiedDbs);
        Assert.DoesNotContain(GeneralEstate.Untouched, copiedDbs);

        var clusters = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-cluster-snapshots", "--snapshot-type", "manual");
        Assert.Single(clusters.GetProperty("DBClusterSnapshots").EnumerateArray(), c => c.GetProperty("DBClusterIdentifier").GetString() == GeneralEstate.Cluster);

        var images = await _cli.JsonAsync(_host.Dr, "ec2", "describe-images", "--owners", "self", "--filters", "Name=tag:dr:managed-by,Values=drservice");
        var imageApps = images.GetProperty("Images").EnumerateArray()
            .Select(i => i.GetProperty("Tags").EnumerateArray().Single(t => t.GetProperty("Key").GetString() == OwnershipTags.Application).GetProperty("Value").GetString())
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["inventory", "warehouse", "warehouse"], imageApps);

        var volumes = await _cli.JsonAsync(_host.Dr, "ec2", "describe-snapshots", "--owner-ids", "self", "--filters", "Name=tag:dr:app,Values=warehouse");
        Assert.Equal(2, volumes.GetProperty("Snapshots").GetArrayLength());
    }

    private static IEnumerable<(string Key, string Value)> TagsOf(System.Text.Json.JsonElement resource, string property = "Tags") =>
        resource.TryGetProperty(property, out var tags)
            ? tags.EnumerateArray().Select(t => (t.GetProperty("Key").GetString()!, t.GetProperty("Value").GetString()!))
            : [];

    private static string? Tag(System.Text.Json.JsonElement resource, string key, string property = "Tags") =>
        TagsOf(resource, property).Where(t => t.Key == key).Select(t => t.Value).FirstOrDefault();

    private async Task<ExecutionRecord> RunAsync(string application, ExecutionMode mode, RunbookPurpose purpose = RunbookPurpose.Failover)
    {
        await _host.StartExecutorAsync();
        var execution = await _host.Runbooks.StartAsync(new StartRunbook(null, application, mode, "alice",
            Purpose: mode == ExecutionMode.Drill ? RunbookPurpose.Drill : purpose), default);
        var ended = await _host.WaitForEndAsync(execution.Id);
        Assert.True(ended.Phase == Phase.Succeeded, EndToEndHost.Describe(await _host.JournalAsync(execution.Id)));
        return ended;
    }

    [Fact]
    public async Task Plan_Warehouse_ListsEveryItemWithItsOwnCopy_NoErrors_AndWarnsThatNoSmokeTestRuns()
    {
        var result = await _host.Runbooks.PlanAsync("tier-b-failover", "warehouse", ExecutionMode.Drill, default);
        var inventory = result.Inventory;

        Assert.Empty(inventory.Errors);
        Assert.Contains(inventory.Problems, p => p.ConfigKey.EndsWith(":Recovery:SmokeTestUrl", StringComparison.Ordinal) && p.Severity == ProblemSeverity.Warning);
        Assert.Equal(GeneralEstate.WarehouseDbs.Order(StringComparer.Ordinal), inventory.Of("databases").Select(i => i.Key));
        Assert.All(inventory.Of("databases"), i => Assert.StartsWith("drs-", i.Copy, StringComparison.Ordinal));
        Assert.Equal([GeneralEstate.Cluster], inventory.Of("clusters").Select(i => i.Key));
        var instances = inventory.Of("instances").ToList();
        Assert.Equal(["web", "worker"], instances.Select(i => i.Fields["role"]).Order(StringComparer.Ordinal));
        Assert.Equal(2, instances.Select(i => i.Copy).Distinct().Count()); // each role its own AMI copy
        Assert.Equal(["t3.medium", "t3.small"], instances.Select(i => i.Fields["instanceType"]).Order(StringComparer.Ordinal));
        var volumes = inventory.Of("volumes").ToList();
        Assert.Equal(["/dev/sdf", "/dev/sdg"], volumes.Select(v => v.Fields["device"]).Order(StringComparer.Ordinal));
        Assert.All(volumes, v => Assert.Contains(v.Links["instances"], instances.Select(i => i.Key)));
        Assert.Equal(2, inventory.Of("dnsRecords").Count());
        Assert.Contains("no bucket pairs", inventory.EmptyReasons["buckets"], StringComparison.Ordinal);

        // The plan's steps: one per item, the empty kinds skipped with their reason, the smoke test skipped (no URL).
        var plan = result.Plan;
        Assert.Equal(3, plan.Steps.Count(s => s.Template == "restore-db"));
        Assert.Equal(2, plan.Steps.Count(s => s.Template == "restore-volumes"));
        Assert.Contains("no bucket pairs", plan.Steps.Single(s => s.Id == "check-replication").SkipReason, StringComparison.Ordinal);
        Assert.True(plan.Steps.Single(s => s.Id == "smoke-test").Skipped);
        Assert.All(plan.Steps.Where(s => !s.Skipped), s => Assert.Empty(s.Problems));
    }

    [Fact]
    public async Task TierB_DrillThenFailoverThenFailback_RecoversEveryItem_DrillLeavesNothing()
    {
        // The drill: every item recovered and undone; the report lists each and says what the RTO was measured to.
        var drill = await RunAsync("warehouse", ExecutionMode.Drill);
        var report = ExecutionReport.From(drill, await _host.JournalAsync(drill.Id));
        Assert.Equal("infrastructure ready", report.RtoMeasuredTo);
        Assert.Equal(3 + 1 + 2 + 2, report.Items.Count(i => i.Kind is "databases" or "clusters" or "instances" or "volumes"));
        Assert.All(report.Items.Where(i => i.Kind is "databases" or "clusters" or "instances" or "volumes"), i =>
        {
            Assert.Equal(StepState.Succeeded, i.State);
            Assert.NotNull(i.Recovered);
            Assert.NotNull(i.Copy);
            Assert.NotNull(i.RecoveryPoint);
        });
        Assert.Equal(report.StartedAt - report.Items.Where(i => i.RecoveryPoint is not null).Min(i => i.RecoveryPoint), report.Rpo);
        foreach (var (service, command) in new[]
        {
            ("ec2", new[] { "describe-instances", "--filters", $"Name=tag:dr:drill-id,Values={drill.Id}", "Name=instance-state-name,Values=pending,running,stopping,stopped" }),
            ("ec2", ["describe-volumes", "--filters", $"Name=tag:dr:drill-id,Values={drill.Id}"]),
        })
        {
            var left = await _cli.JsonAsync(_host.Dr, [service, .. command]);
            Assert.Equal(0, left.EnumerateObject().First().Value.GetArrayLength());
        }
        var dbs = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-instances");
        Assert.DoesNotContain(dbs.GetProperty("DBInstances").EnumerateArray(), d => Tag(d, "dr:drill-id", "TagList") == drill.Id);
        var clusters = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-clusters");
        Assert.DoesNotContain(clusters.GetProperty("DBClusters").EnumerateArray(), c => Tag(c, "dr:drill-id", "TagList") == drill.Id);

        // The production failover: one recovered resource per source, checked with the AWS CLI.
        var failover = await RunAsync("warehouse", ExecutionMode.Production);
        dbs = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-instances");
        var restored = dbs.GetProperty("DBInstances").EnumerateArray().Where(d => Tag(d, "dr:execution-id", "TagList") == failover.Id)
            .Where(d => !d.TryGetProperty("DBClusterIdentifier", out var c) || c.ValueKind == System.Text.Json.JsonValueKind.Null || string.IsNullOrEmpty(c.GetString()))
            .Select(d => d.GetProperty("DBInstanceIdentifier").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(GeneralEstate.WarehouseDbs.Order(StringComparer.Ordinal), restored);
        clusters = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-clusters");
        var cluster = Assert.Single(clusters.GetProperty("DBClusters").EnumerateArray(), c => Tag(c, "dr:execution-id", "TagList") == failover.Id);
        Assert.NotEmpty(cluster.GetProperty("DBClusterMembers").EnumerateArray());

        var images = (await _cli.JsonAsync(_host.Dr, "ec2", "describe-images", "--owners", "self", "--filters", "Name=tag:dr:app,Values=warehouse"))
            .GetProperty("Images").EnumerateArray().ToList();
        var sources = (await _cli.JsonAsync(_host.Primary, "ec2", "describe-instances", "--filters", "Name=tag:dr:app,Values=warehouse"))
            .GetProperty("Reservations").EnumerateArray().SelectMany(r => r.GetProperty("Instances").EnumerateArray()).ToList();
        var recovered = (await _cli.JsonAsync(_host.Dr, "ec2", "describe-instances", "--filters", $"Name=tag:dr:execution-id,Values={failover.Id}"))
            .GetProperty("Reservations").EnumerateArray().SelectMany(r => r.GetProperty("Instances").EnumerateArray()).ToList();
        Assert.Equal(2, recovered.Count);
        var volumes = (await _cli.JsonAsync(_host.Dr, "ec2", "describe-volumes", "--filters", $"Name=tag:dr:execution-id,Values={failover.Id}"))
            .GetProperty("Volumes").EnumerateArray().Where(v => Tag(v, "dr:step")?.StartsWith("restore-volumes:", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, volumes.Count);
        foreach (var source in sources)
        {
            var sourceId = source.GetProperty("InstanceId").GetString();
            var twin = Assert.Single(recovered, r => Tag(r, OwnershipTags.ResourceId) == sourceId);
            var ownCopy = images.Where(i => Tag(i, OwnershipTags.ResourceId) == sourceId).Select(i => i.GetProperty("ImageId").GetString()).ToList();
            Assert.Contains(twin.GetProperty("ImageId").GetString(), ownCopy); // the right AMI per role
            Assert.Equal(source.GetProperty("InstanceType").GetString(), twin.GetProperty("InstanceType").GetString());
            Assert.Equal(Tag(source, "role"), Tag(twin, "role"));
            var device = source.GetProperty("BlockDeviceMappings").EnumerateArray()
                .Select(b => b.GetProperty("DeviceName").GetString()).Single(d => d is "/dev/sdf" or "/dev/sdg");
            var attached = Assert.Single(volumes, v => v.GetProperty("Attachments").EnumerateArray().Any(a => a.GetProperty("InstanceId").GetString() == twin.GetProperty("InstanceId").GetString()));
            Assert.Equal(device, attached.GetProperty("Attachments")[0].GetProperty("Device").GetString()); // at the source's device
        }

        // Failback: every database re-protected into the primary region (the 63-character one under a shortened name).
        var failback = await RunAsync("warehouse", ExecutionMode.Production, RunbookPurpose.Failback);
        var replicas = (await _cli.JsonAsync(_host.Primary, "rds", "describe-db-instances")).GetProperty("DBInstances").EnumerateArray()
            .Where(d => Tag(d, "dr:execution-id", "TagList") == failback.Id).Select(d => d.GetProperty("DBInstanceIdentifier").GetString()!).ToList();
        Assert.Equal(3, replicas.Count);
        Assert.All(replicas, r => Assert.InRange(r.Length, 1, 63));
    }

    [Fact]
    public async Task TierA_DrillThenFailoverThenFailback_PromotesEveryReplica_SkipsTheVolumesItHasNot()
    {
        var drill = await RunAsync("inventory", ExecutionMode.Drill);
        var report = ExecutionReport.From(drill, await _host.JournalAsync(drill.Id));
        Assert.Equal("service answering", report.RtoMeasuredTo);
        Assert.Equal(["inv-db-a-dr", "inv-db-b-dr"], report.Items.Where(i => i.Kind == "replicas").Select(i => i.Source));
        var state = ExecutionState.Replay(drill.Runbook, await _host.JournalAsync(drill.Id));
        Assert.All(state.Steps.Where(s => s.Definition.ForEach == "volumes"), s => Assert.Equal(StepState.Skipped, s.State));
        foreach (var replica in new[] { "inv-db-a-dr", "inv-db-b-dr" })
        {
            var db = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-instances", "--db-instance-identifier", replica);
            Assert.True(db.GetProperty("DBInstances")[0].TryGetProperty("ReadReplicaSourceDBInstanceIdentifier", out _)); // a drill never promotes
        }

        var failover = await RunAsync("inventory", ExecutionMode.Production);
        Assert.Equal(2, _host.Counter.Count("rds", _host.Dr, "PromoteReadReplica"));
        foreach (var replica in new[] { "inv-db-a-dr", "inv-db-b-dr" })
        {
            var db = (await _cli.JsonAsync(_host.Dr, "rds", "describe-db-instances", "--db-instance-identifier", replica)).GetProperty("DBInstances")[0];
            Assert.Equal(failover.Id, Tag(db, "dr:execution-id", "TagList")); // promoted by this failover
        }
        var instances = (await _cli.JsonAsync(_host.Dr, "ec2", "describe-instances", "--filters", $"Name=tag:dr:execution-id,Values={failover.Id}"))
            .GetProperty("Reservations").EnumerateArray().SelectMany(r => r.GetProperty("Instances").EnumerateArray()).ToList();
        Assert.Single(instances);

        var failback = await RunAsync("inventory", ExecutionMode.Production, RunbookPurpose.Failback);
        Assert.Equal(Phase.Succeeded, failback.Phase);
    }

    [Fact]
    public async Task Start_MisconfiguredApplication_RefusedWithEveryProblem_AuditedAndStartsOnlyWhenAccepted()
    {
        var broken = _host.Options.Applications["warehouse"];
        var saved = (broken.Recovery.SubnetId, broken.Recovery.SecurityGroupIds);
        broken.Recovery.SubnetId = "subnet-0nothere";
        broken.Recovery.SecurityGroupIds = ["sg-0nothere"];
        broken.Resources.DbInstances!.Ids.Add(GeneralEstate.Untouched); // selected now, never copied
        try
        {
            var plan = await _host.Runbooks.PlanAsync("tier-b-failover", "warehouse", ExecutionMode.Drill, default);
            var keys = plan.Inventory.Errors.Select(p => p.ConfigKey).ToList();
            Assert.Contains("DrService:Applications:warehouse:Recovery:SubnetId", keys);
            Assert.Contains("DrService:Applications:warehouse:Recovery:SecurityGroupIds:0", keys);
            Assert.Contains(plan.Inventory.Errors, p => p.Item == GeneralEstate.Untouched && p.Message.Contains("no available snapshot copy", StringComparison.Ordinal));

            var refused = await Assert.ThrowsAsync<RecoveryProblemsException>(() =>
                _host.Runbooks.StartAsync(new StartRunbook(null, "warehouse", ExecutionMode.Drill, "alice", Purpose: RunbookPurpose.Drill), default));
            Assert.Equal(plan.Inventory.Problems.Select(p => p.ToString()), refused.Problems.Select(p => p.ToString()));
            Assert.Empty(await _host.Store.ListUnfinishedAsync(default));
            Assert.Contains(await _host.AuditAsync(), a => a.Action == "drill.refused" && a.Result == "denied" && a.Application == "warehouse"
                && a.Details!.Contains("subnet-0nothere", StringComparison.Ordinal));

            var accepted = await _host.Runbooks.StartAsync(new StartRunbook(null, "warehouse", ExecutionMode.Drill, "alice", Purpose: RunbookPurpose.Drill, AcceptProblems: true), default);
            Assert.Contains(await _host.AuditAsync(), a => a.Action == "drill.started" && a.Target == accepted.Id && a.Details!.Contains("accepted", StringComparison.Ordinal));
            await _host.Runbooks.CancelAsync(accepted.Id, "alice", "test", default);
        }
        finally
        {
            (broken.Recovery.SubnetId, broken.Recovery.SecurityGroupIds) = saved;
            broken.Resources.DbInstances!.Ids.Remove(GeneralEstate.Untouched);
        }
    }

    [Fact]
    public async Task Inventory_PrimaryRegionDark_ItemsFromTheDrCopies_WithAWarning()
    {
        _host.Faults.MakeDark(_host.Primary);
        var inventory = await _host.Services.GetRequiredService<RecoveryInventoryResolver>().ResolveAsync("warehouse", default);

        Assert.Equal(GeneralEstate.WarehouseDbs.Order(StringComparer.Ordinal), inventory.Of("databases").Select(i => i.Key));
        // What only the source knows came with the copies: each instance's type, Name and role; each volume's instance and device.
        var instances = inventory.Of("instances").ToList();
        Assert.Equal(["t3.medium", "t3.small"], instances.Select(i => i.Fields["instanceType"]).Order(StringComparer.Ordinal));
        Assert.Equal(["web", "worker"], instances.Select(i => i.Fields["role"]).Order(StringComparer.Ordinal));
        Assert.Equal(["wh-web", "wh-worker"], instances.Select(i => i.Fields["name"]).Order(StringComparer.Ordinal));
        var volumes = inventory.Of("volumes").ToList();
        Assert.Equal(["/dev/sdf", "/dev/sdg"], volumes.Select(v => v.Fields["device"]).Order(StringComparer.Ordinal));
        Assert.All(volumes, v => Assert.Contains(v.Links["instances"], instances.Select(i => i.Key)));
        Assert.All(inventory.Items.Where(i => i.Kind is "databases" or "instances" or "volumes" or "clusters"), i => Assert.Equal("dr-copies", i.Source));
        Assert.Contains(inventory.Problems, p => p.Severity == ProblemSeverity.Warning && p.Message.Contains("could not be read", StringComparison.Ordinal));
        Assert.Empty(inventory.Errors);
    }

    [Fact]
    public async Task Inventory_ReadsAreBatched_SameCallsForOneDatabaseAndForThree()
    {
        var resolver = _host.Services.GetRequiredService<RecoveryInventoryResolver>();
        var warehouse = _host.Options.Applications["warehouse"];
        var saved = warehouse.Resources.DbInstances!.Tags;
        _host.Counter.Reset();
        await resolver.ResolveAsync("warehouse", default);
        var three = _host.Counter.Count();
        warehouse.Resources.DbInstances.Tags = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            _host.Counter.Reset();
            var one = await resolver.ResolveAsync("warehouse", default);
            Assert.Single(one.Of("databases"));
            Assert.Equal(three, _host.Counter.Count());
        }
        finally
        {
            warehouse.Resources.DbInstances.Tags = saved;
        }
    }

    [Fact]
    public async Task Inventory_GlobalDatabases_EachWithItsDrSecondary_OneWithoutIsAnError()
    {
        // DrService does not create global databases: raw Query calls, as an operator's tooling would.
        var query = _host.Services.GetRequiredService<DrService.Aws.Protocol.AwsQueryClient>();
        var writer = await _host.Rds.CreateDBClusterAsync(_host.Primary, new DbClusterCreate("wh-global-writer", "aurora-postgresql", "estate", "estate-password-1"));
        await query.CallAsync(_host.Primary, "default", new DrService.Aws.Protocol.QueryRequest("rds", "2014-10-31", "CreateGlobalCluster")
            .With("GlobalClusterIdentifier", "wh-global").With("SourceDBClusterIdentifier", writer.Arn), default);
        await query.CallAsync(_host.Dr, "default", new DrService.Aws.Protocol.QueryRequest("rds", "2014-10-31", "CreateDBCluster")
            .With("DBClusterIdentifier", "wh-global-secondary").With("Engine", "aurora-postgresql")
            .With("MasterUsername", "estate").With("MasterUserPassword", "estate-password-1").With("GlobalClusterIdentifier", "wh-global"), default);
        var globals = _host.Options.Applications["warehouse"].Resources.GlobalClusters;
        globals.AddRange([new GlobalClusterOptions { Identifier = "wh-global" }, new GlobalClusterOptions { Identifier = "wh-global-missing" }]);
        try
        {
            var inventory = await _host.Services.GetRequiredService<RecoveryInventoryResolver>().ResolveAsync("warehouse", default);

            var items = inventory.Of("globalClusters").ToDictionary(i => i.Key);
            Assert.EndsWith(":cluster:wh-global-secondary", items["wh-global"].Fields["secondaryCluster"], StringComparison.Ordinal);
            Assert.Contains($":{_host.Dr}:", items["wh-global"].Fields["secondaryCluster"], StringComparison.Ordinal);
            Assert.Equal("", items["wh-global-missing"].Fields["secondaryCluster"]);
            var problem = Assert.Single(inventory.Errors, p => p.Item == "wh-global-missing");
            Assert.Equal(("globalClusters", "DrService:Applications:warehouse:Resources:GlobalClusters:1:Identifier"), (problem.Kind, problem.ConfigKey));
        }
        finally
        {
            globals.Clear();
        }
    }
}
