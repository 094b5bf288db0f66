using DrService.Runbooks.Definitions;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using DrService.Witness;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>The witness's trigger as the host registers it (RunbookFailoverTrigger over RunbookService and the real store).</summary>
[Collection(MotoFixture.Collection)]
public sealed class FailoverTriggerTests(MotoFixture moto) : EndToEndTestBase(moto)
{
    [Fact]
    public async Task RequestFailover_SameKeyTwice_OneExecutionSecondRefusedAndAudited()
    {
        var trigger = Host.Services.GetRequiredService<IFailoverTrigger>();
        var request = new FailoverRequest("orders", "outage-orders-20261129T0100Z", DateTimeOffset.UnixEpoch, "primary down for 5 minutes");

        await trigger.RequestFailoverAsync(request, default);
        await trigger.RequestFailoverAsync(request, default);

        var unfinished = await Host.Store.ListUnfinishedAsync(default);
        var id = Assert.Single(unfinished);
        var execution = await Host.Store.GetAsync(id, default);
        Assert.Equal(("tier-a-failover", "outage-orders-20261129T0100Z", ExecutionMode.Production, Phase.Pending),
            (execution!.Runbook.Id, execution.RequestKey, execution.Mode, execution.Phase));
        var audit = await Host.AuditAsync();
        Assert.Equal(2, audit.Count(a => a.Action == "failover.auto-requested"));
        Assert.Single(audit, a => a.Action == "runbook.started" && a.Target == id);
        var refused = Assert.Single(audit, a => a.Action == "runbook.refused");
        Assert.Equal(("denied", "orders", id), (refused.Result, refused.Application, refused.Target));
        // Nothing ran (no executor in this test): the only AWS calls are the recovery inventory's reads at each start.
        Assert.All(Host.Counter.Snapshot().Keys, call => Assert.Matches("^(Describe|List|Get)", call.Operation));
    }
}
