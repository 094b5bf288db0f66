using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>Every built-in runbook (src/DrService/Runbooks/Definitions/*.yaml, as copied to the output) loads against the real catalog.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BuiltInRunbookTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Runbooks", "Definitions");

    private ActionsTestHost _host = null!;

    public static TheoryData<string> Files => [.. Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public async Task InitializeAsync() => _host = await ActionsTestHost.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Folder_BuiltIns_TheFiveRunbooksAreShipped() =>
        Assert.Equal(["aurora-global-rebuild.yaml", "tier-a-failback.yaml", "tier-a-failover.yaml", "tier-b-failback.yaml", "tier-b-failover.yaml"],
            Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BuiltIn_NoErrorsAndIdMatchesFile(string file)
    {
        var result = RunbookLoader.Load(File.ReadAllText(Path.Combine(Folder, file)), file, _host.Catalog);

        Assert.Empty(result.Errors);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Definition!.Id);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BuiltIn_EveryParameterUsedIsOneRunbookParametersGives(string file)
    {
        var text = File.ReadAllText(Path.Combine(Folder, file));

        var used = System.Text.RegularExpressions.Regex.Matches(text, @"\$\{params\.([A-Za-z0-9_]+)\}").Select(m => m.Groups[1].Value).Distinct();

        Assert.All(used, name => Assert.Contains(name, RunbookParameters.Names));
    }

    [Theory]
    [InlineData("tier-a-failover.yaml")]
    [InlineData("tier-b-failover.yaml")]
    public void Load_FailoverRunbook_DrillNeverChangesDnsAndEveryCreationHasAnUndo(string file)
    {
        var definition = RunbookLoader.LoadOrThrow(File.ReadAllText(Path.Combine(Folder, file)), file, _host.Catalog);

        Assert.All(definition.Steps.Where(s => s.Action is "dns.force-failover" or "rds.promote-replica" or "rds.detach-global-secondary"), s => Assert.Equal(StepModes.Production, s.RunIn));
        Assert.All(definition.Steps.Where(s => _host.Action(s.Action).Schema.Outputs.Contains(WellKnownOutputs.Created) && s.RunIn.HasFlag(StepModes.Drill)),
            s => Assert.NotNull(s.Undo));
        Assert.Single(definition.Steps, s => s.MarksRecovery);
        Assert.DoesNotContain(definition.Steps, s => s.Action == "rds.create-replica"); // calls the original region: failback only
        Assert.Contains(definition.Steps, s => s.Approval == ApprovalMode.ProductionOnly);
    }

    /// <summary>The inventory's kinds and fields (RunbookItems contract) for an estate with several of each resource.</summary>
    private static RunbookItems Estate(bool clusters) => new(new Dictionary<string, IReadOnlyList<RunbookItem>>(StringComparer.Ordinal)
    {
        ["databases"] = [Item("orders-db", ("targetName", "orders-db"), ("instanceClass", "")), Item("billing-db", ("targetName", "billing-db"), ("instanceClass", "db.t3.micro"))],
        ["clusters"] = clusters ? [Item("ledger-aurora", ("targetName", "ledger-aurora"), ("engine", "aurora-postgresql"), ("instanceClass", "db.r6g.large"))] : [],
        ["replicas"] = [Item("orders-db-dr", ("replica", "orders-db-dr"), ("source", "arn:aws:rds:us-east-1:111111111111:db:orders-db"))],
        ["instances"] =
        [
            Item("i-web", ("name", "web"), ("role", "web"), ("instanceType", "t3.small"), ("subnetId", ""), ("securityGroupIds", "")),
            Item("i-worker", ("name", "worker"), ("role", "worker"), ("instanceType", "t3.large"), ("subnetId", ""), ("securityGroupIds", "")),
        ],
        ["volumes"] =
        [
            Item("vol-web", ("device", "/dev/sdf"), ("instance", "i-web"), ("availabilityZone", "us-west-2a"), ("volumeType", "gp3")) with { Links = Link("i-web") },
            Item("vol-worker", ("device", "/dev/sdg"), ("instance", "i-worker"), ("availabilityZone", "us-west-2a"), ("volumeType", "gp3")) with { Links = Link("i-worker") },
            Item("vol-loose", ("device", ""), ("instance", ""), ("availabilityZone", "us-west-2c"), ("volumeType", "gp3")),
        ],
        ["buckets"] = [],
        ["globalClusters"] = [Item("ledger-global", ("secondaryCluster", "arn:aws:rds:us-west-2:111111111111:cluster:ledger-dr"), ("detached", "false"))],
        ["dnsRecords"] = [Item("app.example.com", ("name", "app.example.com"), ("hostedZoneId", "Z1")), Item("api.example.com", ("name", "api.example.com"), ("hostedZoneId", "Z1"))],
    });

    private static RunbookItem Item(string key, params (string Name, string Value)[] fields)
    {
        var map = fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        map["id"] = key;
        return new RunbookItem(key, map);
    }

    private static Dictionary<string, string> Link(string instance) => new(StringComparer.Ordinal) { ["instances"] = instance };

    [Theory]
    [InlineData("tier-a-failover.yaml")]
    [InlineData("tier-b-failover.yaml")]
    public void Expand_FailoverOverSeveralItems_OneStepPerItem_VolumesPairWithTheirInstance_LooseVolumeUsesItsOwnZone(string file)
    {
        var definition = RunbookLoader.LoadOrThrow(File.ReadAllText(Path.Combine(Folder, file)), file, _host.Catalog);

        var expanded = RunbookExpansion.Expand(definition, Estate(clusters: false));

        var steps = expanded.Steps.ToDictionary(s => s.Id);
        Assert.Equal("i-web", steps["launch-fleet:i-web"].ItemFields!["id"]);
        Assert.Contains("launch-fleet:i-worker", steps.Keys);
        Assert.Equal("launch-fleet:i-web", steps["restore-volumes:vol-web"].Bindings!["launch-fleet"]);
        Assert.Contains("wait-fleet:i-web", steps["restore-volumes:vol-web"].DependsOn);
        Assert.DoesNotContain("wait-fleet:i-web", steps["restore-volumes:vol-worker"].DependsOn);
        Assert.Equal("", steps["restore-volumes:vol-loose"].Bindings!["launch-fleet"]);
        Assert.Equal("${item.availabilityZone}", steps["restore-volumes:vol-loose"].Inputs["defaultAvailabilityZone"]);
        Assert.Equal(["dns-verify:api.example.com", "dns-verify:app.example.com"], steps.Keys.Where(k => k.StartsWith("dns-verify:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.NotNull(steps["check-replication"].SkipReason); // no bucket pairs: skipped, never failed
        Assert.Equal("${params.smokeTestUrl}", steps["smoke-test"].When);
        Assert.Contains("restore-volumes:vol-loose", steps["smoke-test"].DependsOn);
        Assert.All(expanded.Steps.Where(s => s.Item is not null && _host.Action(s.Action).Schema.Outputs.Contains(WellKnownOutputs.Created) && s.RunIn.HasFlag(StepModes.Drill)),
            s => Assert.NotNull(s.Undo));
        if (file == "tier-b-failover.yaml")
        {
            Assert.Equal(["restore-db:billing-db", "restore-db:orders-db"], steps.Keys.Where(k => k.StartsWith("restore-db:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.NotNull(steps["restore-cluster"].SkipReason);
            Assert.Equal("rds.delete-cluster", RunbookExpansion.Expand(definition, Estate(clusters: true)).Steps.Single(s => s.Id == "restore-cluster:ledger-aurora").Undo);
        }
        else
        {
            Assert.Equal(StepModes.Production, steps["promote-db:orders-db-dr"].RunIn);
            Assert.Equal("snapshot-replica:orders-db-dr", steps["restore-db:orders-db-dr"].Bindings!["snapshot-replica"]);
        }
    }

    [Theory]
    [InlineData("tier-a-failback.yaml", "replicas", "orders-db-dr")]
    [InlineData("tier-b-failback.yaml", "databases", "orders-db")]
    public void Expand_Failback_EveryDatabaseReprotectedAndPromotedBehindOneApproval(string file, string kind, string key)
    {
        var definition = RunbookLoader.LoadOrThrow(File.ReadAllText(Path.Combine(Folder, file)), file, _host.Catalog);

        var expanded = RunbookExpansion.Expand(definition, Estate(clusters: false));

        var steps = expanded.Steps.ToDictionary(s => s.Id);
        Assert.Equal(kind, steps[$"reprotect:{key}"].ForEach);
        Assert.Equal($"reprotect:{key}", steps[$"promote-original:{key}"].Bindings!["reprotect"]);
        Assert.Single(expanded.Steps, s => s.Approval == ApprovalMode.ProductionOnly);
        Assert.Contains($"wait-replica:{key}", steps["approve-switch"].DependsOn);
        Assert.Equal(2, expanded.Steps.Count(s => s.Template == "dns-switch-back"));
        Assert.All(expanded.Steps.Where(s => s.Action is "rds.create-replica" or "rds.promote-replica" or "dns.force-failover"), s => Assert.Equal(StepModes.Production, s.RunIn));
    }

    [Fact]
    public void Expand_TierAFailover_EachGlobalDatabaseDetachedInProductionBeforeTheSmokeTest()
    {
        var definition = RunbookLoader.LoadOrThrow(File.ReadAllText(Path.Combine(Folder, "tier-a-failover.yaml")), "tier-a-failover.yaml", _host.Catalog);

        var steps = RunbookExpansion.Expand(definition, Estate(clusters: false)).Steps.ToDictionary(s => s.Id);

        var detach = steps["detach-global:ledger-global"];
        Assert.Equal((StepModes.Production, "rds.detach-global-secondary"), (detach.RunIn, detach.Action));
        Assert.Contains("approve", detach.DependsOn);
        Assert.Contains("detach-global:ledger-global", steps["smoke-test"].DependsOn);
    }

    [Fact]
    public void Expand_AuroraGlobalRebuild_OneApprovalThenAGlobalDatabasePerItemNamedRebuilt()
    {
        var definition = RunbookLoader.LoadOrThrow(File.ReadAllText(Path.Combine(Folder, "aurora-global-rebuild.yaml")), "aurora-global-rebuild.yaml", _host.Catalog);

        var expanded = RunbookExpansion.Expand(definition, Estate(clusters: false));

        Assert.Equal(RunbookKind.Failback, definition.Kind);
        var steps = expanded.Steps.ToDictionary(s => s.Id);
        Assert.Single(expanded.Steps, s => s.Approval == ApprovalMode.ProductionOnly);
        var create = steps["create-global:ledger-global"];
        Assert.Equal(("rds.create-global-cluster", StepModes.Production), (create.Action, create.RunIn));
        Assert.Equal("${item.id}-rebuilt", definition.Steps.Single(s => s.Id == "create-global").Inputs["globalCluster"]);
        Assert.Contains("create-global:ledger-global", steps["add-primary-region"].DependsOn);
    }
}
