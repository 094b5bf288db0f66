using DrService.Aws.Rds;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// Static stability: with the primary region dark (the fault layer), every action a failover runbook reaches works
/// and calls only the DR region (and Route 53, whose control plane in us-east-1 is dark here too: DNS verification
/// then reports "unknown" instead of failing the failover).
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class StaticStabilityTests(MotoFixture moto) : ActionsTestBase(moto)
{
    [Fact]
    public async Task FailoverActions_PrimaryRegionDark_SucceedFromTheDrRegionAlone()
    {
        Host.Faults.MakeDark(Host.Primary);
        var parameters = RunbookParameters.For(Host.Options, "orders");
        var execution = $"x{Guid.NewGuid():N}"[..13];
        StepContext Step(string app, string step, Dictionary<string, string> inputs) => Context(app, ExecutionMode.Production, inputs, execution, step);

        var promote = Host.Action("rds.promote-replica");
        var promoteContext = Step("orders", "promote-db", new() { ["replica"] = parameters["replica"], ["region"] = parameters["drRegion"] });
        Assert.Null(await promote.CheckAsync(promoteContext, default));
        var promoted = await promote.ExecuteAsync(promoteContext, default);
        Assert.Equal("orders-db-dr", promoted.Outputs["dbInstance"]);
        Assert.False(string.IsNullOrEmpty(promoted.Outputs[WellKnownOutputs.RecoveryPoint]));
        Assert.Equal(promoted.Outputs[WellKnownOutputs.RecoveryPoint], (await promote.CheckAsync(promoteContext, default))?.Outputs[WellKnownOutputs.RecoveryPoint]);
        var instance = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery("orders-db-dr")));
        Assert.Equal(execution, instance.Tags["dr:execution-id"]);
        Assert.False(instance.Tags.ContainsKey("dr:managed-by")); // production's database now: no undo may delete it

        var waited = await Host.Action("rds.wait-available").ExecuteAsync(Step("orders", "wait-db", new() { ["dbInstance"] = "orders-db-dr", ["region"] = Host.Dr }), default);
        Assert.Equal("available", waited.Outputs["status"]);

        var fleet = await Host.Action("ec2.launch-from-copy").ExecuteAsync(Step("orders", "launch-fleet", new()
        {
            ["region"] = Host.Dr, ["instanceType"] = parameters["instanceType"], ["count"] = parameters["instanceCount"], ["instanceSource"] = parameters["instanceSource"],
        }), default);
        Assert.Equal(2, fleet.Outputs["instanceIds"].Split(',').Length);
        await Host.Action("ec2.wait-running").ExecuteAsync(Step("orders", "wait-fleet", new() { ["region"] = Host.Dr, ["instanceIds"] = fleet.Outputs["instanceIds"] }), default);

        var volumes = await Host.Action("ec2.volumes-from-copies").ExecuteAsync(Step("orders", "volumes", new()
        {
            ["region"] = Host.Dr, ["availabilityZone"] = parameters["availabilityZone"],
        }), default);
        Assert.Equal(2, volumes.Outputs["volumeIds"].Split(',').Length);

        var catalog = RunbookParameters.For(Host.Options, "catalog");
        var restored = await Host.Action("rds.restore-from-copy").ExecuteAsync(Step("catalog", "restore-db", new()
        {
            ["region"] = catalog["drRegion"], ["sourceDbInstance"] = catalog["dbInstance"], ["targetName"] = catalog["dbInstance"], ["dbInstanceClass"] = catalog["dbInstanceClass"],
        }), default);
        Assert.Equal("catalog-db", restored.Outputs["dbInstance"]);

        var s3 = await Host.Action("s3.verify-replication").ExecuteAsync(Step("orders", "check-replication", new()
        {
            ["region"] = Host.Dr, ["bucketDestination"] = parameters["bucketDestination"],
        }), default);
        Assert.Equal("Enabled", s3.Outputs["versioning"]);

        var dns = await Host.Action("dns.verify-failover").ExecuteAsync(Step("orders", "dns-verify", new()
        {
            ["hostedZoneId"] = parameters["hostedZoneId"], ["dnsRecord"] = parameters["dnsRecord"],
        }), default);
        Assert.Equal("unknown", dns.Outputs["verified"]);

        Assert.Equal(0, Host.Counter.Count("ec2", Host.Primary) + Host.Counter.Count("rds", Host.Primary) + Host.Counter.Count("s3", Host.Primary) + Host.Counter.Count("monitoring", Host.Primary));
        Assert.True(Host.Counter.Count("*", Host.Dr) > 10);
    }
}
