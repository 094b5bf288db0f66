using Amazon.EC2.Model;
using DrService.Aws.Rds;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// tier-a-failover and then tier-a-failback of orders, in production, through RunbookService and the executor on the
/// real store, against moto: approvals given through the service (Recovery:RequireApproval stays true).
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class TierAFailoverTests(MotoFixture moto) : EndToEndTestBase(moto)
{
    private protected override bool RequireApproval => true;

    [Fact]
    public async Task TierAFailover_ThenFailback_ReplicaPromotedFleetFromNewestCopyDnsFailedOverThenBackApprovedThroughTheService()
    {
        await Host.StartExecutorAsync();

        // Failover.
        var execution = await Host.StartAsync(null, "orders", actor: "alice");
        Assert.Equal("tier-a-failover", execution.Runbook.Id);
        Assert.False(execution.WaiveApprovals);
        await Host.WaitForJournalAsync(execution.Id, j => j.Any(e => e.Kind == JournalEntryKind.StepAwaitingApproval && e.StepId == "approve"));
        Assert.Equal(0, Host.Counter.Count("rds", "*", "PromoteReadReplica")); // nothing happens before the approval
        await Host.Runbooks.ApproveAsync(execution.Id, "approve", "bob", "go", default);
        var ended = await Host.WaitForEndAsync(execution.Id);
        var journal = await Host.JournalAsync(execution.Id);

        Assert.True(ended.Phase == Phase.Succeeded, EndToEndHost.Describe(journal));
        AssertEveryStepSucceeded(ended, journal, skipped: ["snapshot-replica", "restore-db", "wait-db-drill"]);
        var approval = Assert.Single(journal, e => e.Kind == JournalEntryKind.StepApproved);
        Assert.Equal(("approve", "bob"), (approval.StepId, approval.Actor));
        Assert.True(approval.At >= ended.CreatedAt && approval.At <= ended.EndedAt);

        // The DR replica promoted (moto keeps the source id after promotion; our tag says this execution promoted it).
        var replica = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery("orders-db-dr")));
        Assert.Equal(execution.Id, replica.Tags["dr:execution-id"]);
        Assert.Equal("available", replica.Status);
        Assert.Equal(1, Host.Counter.Count("rds", Host.Dr, "PromoteReadReplica"));
        Assert.Equal("orders-db-dr", Outputs(journal, "promote-db")["dbInstance"]);

        // One instance per source instance, each from the newest DR copy of its own source's AMI, tagged with the execution.
        var images = (await Host.Clients.Ec2(Host.Dr).DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["self"],
            Filters = [new Filter("tag:dr:app", ["orders"]), new Filter("tag:dr:managed-by", ["drservice"])],
        })).Images;
        var launches = journal.Where(e => e.Kind == JournalEntryKind.StepSucceeded && e.StepId!.StartsWith("launch-fleet:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, launches.Count);
        var ids = launches.Select(e => e.Data!["instanceId"]).ToList();
        var instances = (await Host.Clients.Ec2(Host.Dr).DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [.. ids] })).Reservations.SelectMany(r => r.Instances).ToList();
        Assert.Equal(2, instances.Count);
        foreach (var launch in launches)
        {
            var source = launch.StepId!["launch-fleet:".Length..];
            var newest = images.Where(i => i.Tags.Any(t => t.Key == "dr:resource-id" && t.Value == source)).OrderByDescending(i => i.CreationDate).First();
            Assert.Equal(newest.ImageId, instances.Single(i => i.InstanceId == launch.Data!["instanceId"]).ImageId);
        }
        Assert.Equal(2, instances.Select(i => i.ImageId).Distinct().Count()); // two sources, two AMIs
        Assert.All(instances, i => Assert.Equal(execution.Id, i.Tags.Single(t => t.Key == "dr:execution-id").Value));
        Assert.All(instances, i => Assert.Equal("running", i.State.Name.Value));

        // Smoke test against the loopback endpoint, DNS failed over (the PRIMARY's health check inverted).
        Assert.Equal("200", Outputs(journal, "smoke-test")["status"]);
        Assert.True(Smoke.Requests >= 1);
        var force = Outputs(journal, "dns-force");
        Assert.Equal(("SECONDARY", "true"), (force["answer"], force["changed"]));
        Assert.True((await Host.Route53.GetHealthCheckAsync(force["healthCheckId"])).Config.Inverted);
        Assert.Equal("SECONDARY", Outputs(journal, "dns-verify")["answer"]);

        var audit = await Host.AuditAsync();
        Assert.Contains(audit, a => a.Action == "runbook.started" && a.Actor == "alice" && a.Target == execution.Id && a.Application == "orders");
        Assert.Contains(audit, a => a.Action == "runbook.step.approved" && a.Actor == "bob" && a.Target == $"{execution.Id}/approve");
        Assert.Contains(audit, a => a.Action == "runbook.rds.promote-replica" && a.Result == "succeeded");
        Assert.Contains(audit, a => a.Action == "runbook.ec2.launch-from-copy" && a.Result == "succeeded");
        Assert.Contains(audit, a => a.Action == "runbook.dns.force-failover" && a.Result == "succeeded" && a.Target == force["healthCheckId"]);

        // Failback: re-protect into the original region, switch back once approved.
        var failback = await Host.StartAsync(null, "orders", actor: "alice", purpose: RunbookPurpose.Failback);
        Assert.Equal("tier-a-failback", failback.Runbook.Id);
        await Host.WaitForJournalAsync(failback.Id, j => j.Any(e => e.Kind == JournalEntryKind.StepAwaitingApproval && e.StepId == "approve-switch"));
        var copy = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Primary, new DbInstanceQuery("orders-db-failback")));
        Assert.True((await Host.Route53.GetHealthCheckAsync(force["healthCheckId"])).Config.Inverted); // still failed over while unapproved
        Assert.Equal(0, Host.Counter.Count("rds", Host.Primary, "PromoteReadReplica"));
        var decided = await Host.Runbooks.ApproveAsync(failback.Id, "approve-switch", "carol", "primary is healthy again", default);
        var back = await Host.WaitForEndAsync(failback.Id);
        var backJournal = await Host.JournalAsync(failback.Id);

        Assert.True(back.Phase == Phase.Succeeded, EndToEndHost.Describe(backJournal));
        AssertEveryStepSucceeded(back, backJournal, skipped: []);
        Assert.Equal(copy.Identifier, Outputs(backJournal, "reprotect")["dbInstance"]);
        var original = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Primary, new DbInstanceQuery("orders-db-failback")));
        Assert.Equal("available", original.Status);
        Assert.Equal(1, Host.Counter.Count("rds", Host.Primary, "PromoteReadReplica"));
        var approved = Assert.Single(backJournal, e => e.Kind == JournalEntryKind.StepApproved);
        Assert.Equal(("approve-switch", "carol", decided.At, "primary is healthy again"), (approved.StepId, approved.Actor, approved.At, approved.Message));
        var promoted = backJournal.Single(e => e.Kind == JournalEntryKind.StepStarting && e.StepId!.StartsWith("promote-original", StringComparison.Ordinal));
        Assert.True(promoted.Sequence > approved.Sequence);
        Assert.Equal("PRIMARY", Outputs(backJournal, "dns-switch-back")["answer"]);
        Assert.False((await Host.Route53.GetHealthCheckAsync(force["healthCheckId"])).Config.Inverted);
        Assert.Equal("PRIMARY", Outputs(backJournal, "dns-verify")["answer"]);
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.step.approved" && a.Actor == "carol" && a.Target == $"{failback.Id}/approve-switch");
    }

    /// <summary>The outputs of a step, or of the one item of a fan-out step (<c>restore-db</c> for <c>restore-db:catalog-db</c>).</summary>
    internal static IReadOnlyDictionary<string, string> Outputs(IReadOnlyList<JournalEntry> journal, string step) =>
        journal.Last(e => e.Kind == JournalEntryKind.StepSucceeded && (e.StepId == step || e.StepId!.StartsWith(step + ":", StringComparison.Ordinal))).Data!;

    /// <summary>
    /// Every step of the runbook succeeded, or was skipped in this mode (<paramref name="skipped"/>, by step or template
    /// id) or because the application has no items of its kind; each StepStarting before its StepSucceeded.
    /// </summary>
    internal static void AssertEveryStepSucceeded(ExecutionRecord record, IReadOnlyList<JournalEntry> journal, IReadOnlyList<string> skipped)
    {
        var state = ExecutionState.Replay(record.Runbook, journal);
        foreach (var step in record.Runbook.Steps)
        {
            if (step.SkipReason is not null || skipped.Contains(step.Id) || (step.Template is { } template && skipped.Contains(template)))
            {
                Assert.True(state[step.Id].State == StepState.Skipped, $"{step.Id}: {state[step.Id].State}");
                continue;
            }
            Assert.True(state[step.Id].State == StepState.Succeeded, $"{step.Id}: {state[step.Id].State}; {EndToEndHost.Describe(journal)}");
            var succeeded = journal.Single(e => e.Kind == JournalEntryKind.StepSucceeded && e.StepId == step.Id);
            var starting = journal.Where(e => e.Kind == JournalEntryKind.StepStarting && e.StepId == step.Id).ToList();
            Assert.NotEmpty(starting);
            Assert.True(starting[0].Sequence < succeeded.Sequence, $"{step.Id}: StepStarting #{starting[0].Sequence} not before StepSucceeded #{succeeded.Sequence}");
        }
        Assert.Equal("Succeeded", Assert.Single(journal, e => e.Kind == JournalEntryKind.ExecutionEnded).Data!["phase"]);
    }
}
