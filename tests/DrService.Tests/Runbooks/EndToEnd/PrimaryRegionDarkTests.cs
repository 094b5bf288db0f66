using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using static DrService.Tests.Runbooks.EndToEnd.TierAFailoverTests;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// Static stability end to end: with the primary region dark (the fault layer; Route 53's API, global in us-east-1,
/// goes dark with it) tier A and tier B failovers still succeed, with no call to the primary region.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class PrimaryRegionDarkTests(MotoFixture moto) : EndToEndTestBase(moto)
{
    [Theory]
    [InlineData("orders", "tier-a-failover", "snapshot-replica,restore-db,wait-db-drill")]
    [InlineData("catalog", "tier-b-failover", "")]
    public async Task Failover_PrimaryRegionDark_SucceedsFromTheDrRegionAloneDnsUnverified(string application, string runbook, string skipped)
    {
        Host.Faults.MakeDark(Host.Primary);
        await Host.StartExecutorAsync();

        var execution = await Host.StartAsync(null, application);
        var ended = await Host.WaitForEndAsync(execution.Id);
        var journal = await Host.JournalAsync(execution.Id);

        Assert.Equal(runbook, execution.Runbook.Id);
        Assert.True(ended.Phase == Phase.Succeeded, EndToEndHost.Describe(journal));
        AssertEveryStepSucceeded(ended, journal, skipped.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("unknown", Outputs(journal, "dns-verify")["verified"]);
        Assert.Equal(("unknown", "false"), (Outputs(journal, "dns-force")["answer"], Outputs(journal, "dns-force")["changed"]));
        Assert.DoesNotContain(journal, e => e.Kind is JournalEntryKind.StepRetryScheduled or JournalEntryKind.StepFailed);
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.dns.force-failover" && a.Result == "skipped" && a.Application == application);
        // Nothing but reads was tried in the primary region: the recovery inventory's at the start (refused at once by the
        // dark region: the items came from the DR copies) and Route 53's (global, hosted there), one by dns-force and one
        // by dns-verify per record.
        Assert.All(Host.Counter.Snapshot().Where(c => c.Key.Region == Host.Primary && c.Key.Service != "route53"),
            c => Assert.Matches("^(Describe|List|Get)", c.Key.Operation));
        Assert.Equal(2 * Host.Options.Applications[application].Resources.DnsRecords.Count, Host.Counter.Count("route53", "*"));
        Assert.True(Host.Counter.Count("*", Host.Dr) > 5);
    }
}
