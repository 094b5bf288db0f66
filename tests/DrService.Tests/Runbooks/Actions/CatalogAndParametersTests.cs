using DrService.Configuration;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using DrService.Tests.Configuration;
using DrService.Tests.Witness;
using Microsoft.Extensions.DependencyInjection;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>The catalog's names (the YAML contract), the runbook parameters, plans, and the actions that need no AWS.</summary>
[Collection(MotoFixture.Collection)]
public sealed class CatalogAndParametersTests(MotoFixture moto) : IAsyncLifetime
{
    public static readonly string[] ContractNames =
    [
        "manual-approval", "wait", "notify", "http.smoke-test", "rds.promote-replica", "rds.snapshot-instance", "rds.delete-snapshot",
        "rds.restore-from-copy", "rds.delete-instance", "rds.wait-available", "rds.create-replica", "ec2.launch-from-copy",
        "ec2.wait-running", "ec2.terminate-instances", "ec2.volumes-from-copies", "ec2.delete-volumes", "dns.verify-failover",
        "dns.force-failover", "s3.verify-replication", "ec2.volume-from-copy", "rds.restore-cluster-from-copy",
        "rds.wait-cluster-available", "rds.delete-cluster", "rds.detach-global-secondary", "rds.create-global-cluster",
    ];

    private ActionsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ActionsTestHost.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Catalog_Registered_HasEveryContractNameOnce()
    {
        Assert.Equal(ContractNames.Order(StringComparer.Ordinal), _host.Catalog.All.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.All(ContractNames, n => Assert.Equal(n, _host.Catalog.Find(n)?.Name));
        Assert.Null(_host.Catalog.Find("rds.nothing"));
    }

    [Fact]
    public void For_ShippedOrders_EveryContractParameterFromConfiguration()
    {
        var parameters = RunbookParameters.For(_host.Options, "orders");

        Assert.Equal(RunbookParameters.Names.Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(19, parameters.Count);
        Assert.Equal(("us-east-1", "us-west-2", "orders-db-dr", "orders-db", "orders-db"),
            (parameters["primaryRegion"], parameters["drRegion"], parameters["replica"], parameters["replicaSource"], parameters["dbInstance"]));
        Assert.Equal(("t3.micro", "2", "us-west-2a", "db.t3.micro"), (parameters["instanceType"], parameters["instanceCount"], parameters["availabilityZone"], parameters["dbInstanceClass"]));
        Assert.Equal(("orders.demo.drservice.internal.", "demo.drservice.internal."), (parameters["dnsRecord"], parameters["hostedZoneId"]));
        Assert.Equal(("drservice-demo-orders", "drservice-demo-orders-dr"), (parameters["bucketSource"], parameters["bucketDestination"]));
        Assert.Equal("http://198.51.100.11/health", parameters["smokeTestUrl"]); // Probes:Secondary when Recovery sets none
        Assert.Equal("", parameters["instanceSource"]); // selected by tags: the newest AMI copy of any of the app's instances
    }

    [Fact]
    public void For_RecoveryOverrides_TakenAndListsJoined()
    {
        var options = new DrOptions();
        options.Applications["shop"] = new ApplicationOptions
        {
            Resources = { Instances = new ResourceSelector { Ids = ["i-0abc"] } },
            Recovery = { SubnetId = "subnet-1", SecurityGroupIds = ["sg-1", "sg-2"], SmokeTestUrl = new Uri("https://dr.example.com/ok"), AvailabilityZone = "us-west-2c" },
        };

        var parameters = RunbookParameters.For(options, "shop");

        Assert.Equal(("i-0abc", "subnet-1", "sg-1,sg-2", "https://dr.example.com/ok", "us-west-2c"),
            (parameters["instanceSource"], parameters["subnetId"], parameters["securityGroupIds"], parameters["smokeTestUrl"], parameters["availabilityZone"]));
        Assert.Equal("", parameters["replica"]);
        Assert.Throws<ArgumentException>(() => RunbookParameters.For(options, "nope"));
    }

    [Fact]
    public void Validate_BadRecoveryValues_EachNamedByKeyPath()
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options!;
        options.Applications["orders"].Recovery = new RecoveryOptions
        {
            InstanceType = "huge", SubnetId = "net-1", SecurityGroupIds = ["group"], AvailabilityZone = "west", DbInstanceClass = "m5",
            SmokeTestUrl = new Uri("ftp://x/"), FailoverRunbook = "bad id", DrillSchedule = "not cron", InstanceCount = 0,
        };

        var result = new DrOptionsValidator().Validate(null, options);

        var text = string.Join("\n", result.Failures ?? []);
        foreach (var key in new[] { "InstanceType", "SubnetId", "SecurityGroupIds:0", "AvailabilityZone", "DbInstanceClass", "SmokeTestUrl", "FailoverRunbook", "DrillSchedule", "InstanceCount" })
        {
            Assert.Contains($"DrService:Applications:orders:Recovery:{key}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Plan_RestoreFromCopy_CallsOnlyTheDrRegionWithoutCallingAws()
    {
        var context = Context("catalog", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = "us-west-2", ["sourceDbInstance"] = "catalog-db", ["targetName"] = "catalog-db" });

        var calls = await _host.Action("rds.restore-from-copy").PlanAsync(context, default);

        Assert.Equal(["DescribeDBSnapshots", "RestoreDBInstanceFromDBSnapshot"], calls.Select(c => c.Operation));
        Assert.All(calls, c => Assert.Equal("us-west-2", c.Region));
        Assert.Contains(context.ExecutionId, calls[1].Target, StringComparison.Ordinal);
        Assert.Equal(0, _host.Counter.Count());
    }

    [Theory]
    [InlineData("rds.promote-replica", "PromoteReadReplica")]
    [InlineData("rds.detach-global-secondary", "RemoveFromGlobalCluster")]
    [InlineData("ec2.launch-from-copy", "RunInstances")]
    [InlineData("ec2.volumes-from-copies", "CreateVolume")]
    [InlineData("s3.verify-replication", "GetBucketVersioning")]
    [InlineData("dns.force-failover", "UpdateHealthCheck")]
    [InlineData("ec2.delete-volumes", "DeleteVolume")]
    public async Task Plan_EveryAction_NamesItsChangeAndStaysOutOfThePrimary(string action, string operation)
    {
        var inputs = _host.Action(action).Schema.RequiredInputs.ToDictionary(i => i, i => i == "region" ? "us-west-2" : $"<{i}>");

        var calls = await _host.Action(action).PlanAsync(Context("orders", ExecutionMode.Production, inputs), default);

        Assert.Contains(calls, c => c.Operation == operation);
        Assert.DoesNotContain(calls, c => c.Region == "us-east-1");
        Assert.Equal(0, _host.Counter.Count());
    }

    [Fact]
    public async Task SmokeTest_EndpointUpAfterFailures_RetriesThenReportsStatus()
    {
        await using var endpoint = TestEndpoint.Start(TestEndpoint.Answer.Unavailable);
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["url"] = endpoint.Uri.ToString(), ["attempts"] = "3", ["interval"] = "10ms" });
        var failure = await Assert.ThrowsAsync<StepFailedException>(() => _host.Action("http.smoke-test").ExecuteAsync(context, default));
        Assert.Equal(("SmokeTestFailed", true), (failure.Code, failure.Retryable));
        Assert.Equal(3, endpoint.Hits);

        endpoint.Mode = TestEndpoint.Answer.Ok;
        var result = await _host.Action("http.smoke-test").ExecuteAsync(context, default);

        Assert.Equal("200", result.Outputs["status"]);
        Assert.True(int.TryParse(result.Outputs["latencyMs"], out _));
        Assert.Null(await _host.Action("http.smoke-test").CheckAsync(context, default));
    }

    [Fact]
    public async Task Notify_Message_AuditedAndLogged()
    {
        var lines = new List<string>();
        var context = new StepContext
        {
            ExecutionId = "x1", RunbookId = "r", StepId = "notify", Application = "orders", Mode = ExecutionMode.Drill, Attempt = 1,
            Inputs = new Dictionary<string, string> { ["message"] = "orders is up in us-west-2" },
            Log = (line, _) => { lines.Add(line); return Task.CompletedTask; },
        };

        await _host.Action("notify").ExecuteAsync(context, default);

        Assert.Contains("orders is up in us-west-2", lines);
        var audit = Assert.Single(await _host.AuditAsync());
        Assert.Equal(("runbook.notify", "orders", "system:runbook"), (audit.Action, audit.Application, audit.Actor));
        Assert.StartsWith("orders is up in us-west-2", audit.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("00:01:30", 90)]
    [InlineData("250ms", 0.25)]
    [InlineData("12", 12)]
    public void TryParseDuration_Forms_Seconds(string text, double seconds)
    {
        Assert.True(ActionInputs.TryParseDuration(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, 3);
    }

    [Fact]
    public void BelongsTo_OwnershipRules_DrillIdInDrillsExecutionIdOtherwise()
    {
        var drill = Context("orders", ExecutionMode.Drill, new Dictionary<string, string>(), "d1");
        var production = Context("orders", ExecutionMode.Production, new Dictionary<string, string>(), "p1");
        var drillTags = RunbookTags.For(drill);

        Assert.True(RunbookTags.BelongsTo(drillTags, drill, out _));
        Assert.False(RunbookTags.BelongsTo(drillTags, Context("orders", ExecutionMode.Drill, new Dictionary<string, string>(), "d2"), out _));
        Assert.False(RunbookTags.BelongsTo(new Dictionary<string, string>(drillTags) { ["dr:managed-by"] = "someone" }, drill, out var why));
        Assert.Contains("dr:managed-by", why, StringComparison.Ordinal);
        Assert.True(RunbookTags.BelongsTo(RunbookTags.For(production), production, out _));
        Assert.False(RunbookTags.BelongsTo(drillTags, production, out _));
        Assert.Equal(RunbookTags.ClientToken(drill, "a"), RunbookTags.ClientToken(drill, "a"));
        Assert.NotEqual(RunbookTags.ClientToken(drill, "a"), RunbookTags.ClientToken(drill, "b"));
        Assert.True(RunbookTags.ClientToken(drill, "a").Length <= 64);
    }
}
