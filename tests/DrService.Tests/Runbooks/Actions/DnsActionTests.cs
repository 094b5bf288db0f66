using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// dns.verify-failover and dns.force-failover on the sandbox's provisioned failover records (moto's health checks
/// always report success, so Route 53 answers PRIMARY until the PRIMARY's check is inverted).
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class DnsActionTests(MotoFixture moto) : ActionsTestBase(moto)
{
    private static Dictionary<string, string> Inputs(string? to = null, string? expect = null)
    {
        var inputs = new Dictionary<string, string> { ["hostedZoneId"] = "demo.drservice.internal.", ["dnsRecord"] = "orders.demo.drservice.internal." };
        if (to is not null)
        {
            inputs["to"] = to;
        }
        if (expect is not null)
        {
            inputs["expect"] = expect;
        }
        return inputs;
    }

    private protected override Task SeedMoreAsync() => Host.ProvisionDnsAsync("orders");

    [Fact]
    public async Task VerifyThenForceThenFailBack_RouteAnswersFollowTheInvertedHealthCheck()
    {
        var verify = Host.Action("dns.verify-failover");
        var force = Host.Action("dns.force-failover");

        // A drill only checks that the failover is provisioned, and never calls UpdateHealthCheck.
        var drill = await verify.ExecuteAsync(Context("orders", ExecutionMode.Drill, Inputs()), default);
        Assert.Equal(("PRIMARY", "true"), (drill.Outputs["answer"], drill.Outputs["verified"]));
        var notYet = await Assert.ThrowsAsync<StepFailedException>(() => verify.ExecuteAsync(Context("orders", ExecutionMode.Production, Inputs()), default));
        Assert.Equal(("NotFailedOver", true), (notYet.Code, notYet.Retryable));
        var refused = await Assert.ThrowsAsync<StepFailedException>(() => force.ExecuteAsync(Context("orders", ExecutionMode.Drill, Inputs()), default));
        Assert.Equal("NotInDrills", refused.Code);
        Assert.Equal(0, Host.Counter.Count("route53", "*", "UpdateHealthCheck"));

        var production = Context("orders", ExecutionMode.Production, Inputs());
        Assert.Null(await force.CheckAsync(production, default));
        var forced = await force.ExecuteAsync(production, default);

        Assert.Equal(("SECONDARY", "true"), (forced.Outputs["answer"], forced.Outputs["changed"]));
        Assert.Equal(1, Host.Counter.Count("route53", "*", "UpdateHealthCheck"));
        Assert.True((await Host.Route53.GetHealthCheckAsync(forced.Outputs["healthCheckId"])).Config.Inverted);
        Assert.Equal("SECONDARY", (await force.CheckAsync(production, default))?.Outputs["answer"]);
        Assert.Equal("SECONDARY", (await verify.ExecuteAsync(production, default)).Outputs["answer"]);
        var second = await force.ExecuteAsync(production, default);
        Assert.Equal("false", second.Outputs["changed"]);
        Assert.Equal(1, Host.Counter.Count("route53", "*", "UpdateHealthCheck"));
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.dns.force-failover" && a.Result == "succeeded" && a.Target == forced.Outputs["healthCheckId"]);

        var back = await force.ExecuteAsync(Context("orders", ExecutionMode.Production, Inputs(to: "primary")), default);
        Assert.Equal("PRIMARY", back.Outputs["answer"]);
        Assert.Equal("PRIMARY", (await verify.ExecuteAsync(Context("orders", ExecutionMode.Production, Inputs(expect: "primary")), default)).Outputs["answer"]);
    }

    [Fact]
    public async Task VerifyFailover_RecordNotProvisioned_FailsNotRetryable()
    {
        var context = Context("catalog", ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["hostedZoneId"] = "demo.drservice.internal.", ["dnsRecord"] = "catalog.demo.drservice.internal.",
        });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("dns.verify-failover").ExecuteAsync(context, default));

        Assert.Equal(("FailoverNotProvisioned", false), (failure.Code, failure.Retryable));
    }

    [Fact]
    public async Task VerifyFailover_Route53ControlPlaneDark_SucceedsUnverified()
    {
        Host.Faults.MakeDark("us-east-1", "route53");

        var result = await Host.Action("dns.verify-failover").ExecuteAsync(Context("orders", ExecutionMode.Production, Inputs()), default);

        Assert.Equal(("unknown", "unknown"), (result.Outputs["answer"], result.Outputs["verified"]));
    }

    [Fact]
    public async Task ForceFailover_Route53ControlPlaneDark_SkipsWithAnAuditRecordAndChangesNothing()
    {
        Host.Faults.MakeDark("us-east-1", "route53");
        var force = Host.Action("dns.force-failover");
        var production = Context("orders", ExecutionMode.Production, Inputs());

        Assert.Null(await force.CheckAsync(production, default));
        var result = await force.ExecuteAsync(production, default);

        Assert.Equal(("unknown", "false"), (result.Outputs["answer"], result.Outputs["changed"]));
        Assert.Equal(0, Host.Counter.Count("route53", "*", "UpdateHealthCheck"));
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.dns.force-failover" && a.Result == "skipped" && a.Target == "orders.demo.drservice.internal.");
        Host.Faults.Clear();
        Assert.All(await Host.Route53.ListHealthChecksAsync(), c => Assert.False(c.Config.Inverted));
    }

    [Fact]
    public async Task ForceFailback_Route53ControlPlaneDark_FailsRetryableInsteadOfSkipping()
    {
        // Switching back to the primary is planned work: nothing fails back by itself, so an unreachable Route 53 is an
        // error to retry, never a skip.
        Host.Faults.MakeDark("us-east-1", "route53");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("dns.force-failover").ExecuteAsync(Context("orders", ExecutionMode.Production, Inputs(to: "primary")), default));

        Assert.Equal(("RegionUnavailable", true), (failure.Code, failure.Retryable));
        Assert.DoesNotContain(await Host.AuditAsync(), a => a.Action == "runbook.dns.force-failover" && a.Result == "skipped");
    }
}
