using DrService.Runbooks.Definitions;
using DrService.Runbooks.Planning;
using DrService.Runbooks.Tests.Support;
using static DrService.Runbooks.Tests.Support.Build;

namespace DrService.Runbooks.Tests.Planning;

public sealed class RunbookPlannerTests
{
    [Fact]
    public async Task PlanAsync_Drill_WavesInputsGatesAndCalls_WithoutCheckOrExecute()
    {
        var work = new TestAction("test.work", "endpoint");
        var runbook = Runbook(
            Step("promote") with { Inputs = new Dictionary<string, string> { ["in"] = "${params.replica}@${app}/${drill.id}" } },
            Step("scale") with { Approval = ApprovalMode.Required },
            Step("dns", "test.work", "promote") with { RunIn = StepModes.Production },
            Step("smoke", "test.work", "dns", "scale") with { Inputs = new Dictionary<string, string> { ["in"] = "https://${steps.promote.endpoint}/${params.missing}" } });

        var plan = await RunbookPlanner.PlanAsync(runbook, "orders", ExecutionMode.Drill,
            new Dictionary<string, string> { ["replica"] = "orders-db-replica" }, new TestCatalog(work), default);

        Assert.Equal(0, work.CheckCalls);
        Assert.Equal(0, work.ExecuteCalls);
        Assert.Equal(3, work.PlanCalls); // not for the skipped step
        Assert.Equal([["promote", "scale"], ["dns"], ["smoke"]], plan.Waves.Select(w => w.ToArray()));
        var promote = plan.Steps.Single(s => s.Id == "promote");
        Assert.Equal("orders-db-replica@orders/<drill.id>", promote.Inputs["in"]);
        Assert.Equal("orders-db-replica@orders/<drill.id>", Assert.Single(promote.Calls).Target);
        Assert.True(plan.Steps.Single(s => s.Id == "scale").Approval);
        var dns = plan.Steps.Single(s => s.Id == "dns");
        Assert.True(dns.Skipped);
        Assert.Empty(dns.Calls);
        var smoke = plan.Steps.Single(s => s.Id == "smoke");
        Assert.StartsWith("https://<steps.promote.endpoint>/", smoke.Inputs["in"]);
        Assert.Contains(smoke.Problems, p => p.Contains("params.missing", StringComparison.Ordinal));
        Assert.Equal(3, smoke.Wave);
    }

    [Fact]
    public async Task PlanAsync_Production_ProductionOnlyGateApplies_AndUnknownActionIsAProblem()
    {
        var runbook = Runbook(Step("gate") with { Approval = ApprovalMode.ProductionOnly }, Step("x", "test.none", "gate"));

        var plan = await RunbookPlanner.PlanAsync(runbook, "orders", ExecutionMode.Production, new Dictionary<string, string>(), new TestCatalog(new TestAction("test.work")), default);

        Assert.True(plan.Steps[0].Approval);
        Assert.Contains(plan.Steps[1].Problems, p => p.Contains("test.none", StringComparison.Ordinal));
    }
}
