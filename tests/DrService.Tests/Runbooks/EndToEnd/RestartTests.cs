using DrService.Aws.Rds;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using Amazon.EC2.Model;
using static DrService.Tests.Runbooks.EndToEnd.TierAFailoverTests;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// An instance stops (as a crash: nothing appended) in the middle of a tier B failover, inside its smoke test; a
/// second instance on the same database takes over once the lease expires, resumes from the journal and succeeds,
/// and nothing was created twice.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class RestartTests(MotoFixture moto) : EndToEndTestBase(moto)
{
    [Fact]
    public async Task TierBFailover_OwnerStopsInsideTheSmokeTest_NewOwnerResumesAfterTheLeaseCreatingNothingTwice()
    {
        var lease = TimeSpan.FromSeconds(1);
        await ReplaceHostAsync(await CreateHostAsync("instance-1", lease));
        Smoke.Hold();
        await Host.StartExecutorAsync();
        var execution = await Host.StartAsync(null, "catalog");
        var before = await Host.WaitForJournalAsync(execution.Id, j => j.Any(e => e.Kind == JournalEntryKind.StepStarting && e.StepId == "smoke-test") && Smoke.Requests > 0);
        var first = Host.Counter;

        await Host.StopExecutorAsync(); // the run's token is cancelled: it stops without writing anything terminal
        var stopped = await Host.JournalAsync(execution.Id);
        Assert.Equal(Phase.Running, (await Host.Store.GetAsync(execution.Id, default))!.Phase);
        Assert.DoesNotContain(stopped, e => e.Kind is JournalEntryKind.ExecutionEnded or JournalEntryKind.StepFailed or JournalEntryKind.StepCancelled);
        var done = stopped.Where(e => e.Kind == JournalEntryKind.StepSucceeded).Select(e => e.StepId!).ToHashSet();
        // By their runbook step (a fan-out step's items share it: restore-db:catalog-db is restore-db).
        Assert.Superset(new HashSet<string> { "restore-db", "launch-fleet", "restore-volumes", "wait-db", "wait-fleet" }, done.Select(id => id.Split(':')[0]).ToHashSet());
        Assert.DoesNotContain("smoke-test", done);
        var created = (Restores: first.Count("rds", Host.Dr, "RestoreDBInstanceFromDBSnapshot"), Runs: first.Count("ec2", Host.Dr, "RunInstances"), Volumes: first.Count("ec2", Host.Dr, "CreateVolume"));
        Assert.Equal((1, 1), (created.Restores, created.Runs));
        Assert.True(created.Volumes >= 1);

        Smoke.Release();
        await using var second = await CreateHostAsync("instance-2", lease);
        await second.StartExecutorAsync();
        var ended = await second.WaitForEndAsync(execution.Id);
        var journal = await second.JournalAsync(execution.Id);

        Assert.True(ended.Phase == Phase.Succeeded, EndToEndHost.Describe(journal));
        AssertEveryStepSucceeded(ended, journal, skipped: []);
        Assert.Equal("instance-2", journal.Single(e => e.Kind == JournalEntryKind.ExecutionEnded).Actor);
        Assert.Equal(0, second.Counter.Count("rds", "*", "RestoreDBInstanceFromDBSnapshot"));
        Assert.Equal(0, second.Counter.Count("ec2", "*", "RunInstances"));
        Assert.Equal(0, second.Counter.Count("ec2", "*", "CreateVolume"));
        Assert.Equal(2, journal.Count(e => e.Kind == JournalEntryKind.StepStarting && e.StepId == "smoke-test")); // re-run by the new owner
        // A step finished before the stop never starts again. One that was running when the owner stopped (the smoke
        // test, and check-replication when the machine is slow enough that it was still running) is resumed once by the
        // new owner under the same attempt.
        Assert.All(journal.Where(e => e.Kind == JournalEntryKind.StepStarting && done.Contains(e.StepId!)).GroupBy(e => e.StepId), g => Assert.Single(g));
        var stoppedRunning = stopped.Where(e => e.Kind == JournalEntryKind.StepStarting && !done.Contains(e.StepId!)).Select(e => e.StepId!).ToHashSet();
        Assert.All(journal.Where(e => e.Kind == JournalEntryKind.StepStarting && stoppedRunning.Contains(e.StepId!)).GroupBy(e => e.StepId),
            g => Assert.Equal(["instance-1", "instance-2"], g.Select(e => e.Actor)));
        Assert.True(journal.First(e => e.Kind == JournalEntryKind.StepSucceeded && e.StepId == "smoke-test").Sequence > before.Max(e => e.Sequence));

        // Moto has one restored database and one fleet of this execution.
        Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery("catalog-db")));
        var mine = (await second.Clients.Ec2(second.Dr).DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("tag:dr:execution-id", [execution.Id])],
        })).Reservations.SelectMany(r => r.Instances).ToList();
        Assert.Single(mine);
        var volumes = (await second.Clients.Ec2(second.Dr).DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new Filter("tag:dr:execution-id", [execution.Id])],
        })).Volumes.Where(v => v.Tags.Single(t => t.Key == "Name").Value.StartsWith("catalog-vol-", StringComparison.Ordinal)).ToList(); // not the fleet's root volumes
        Assert.Equal(created.Volumes, volumes.Count);
        Assert.Equal(volumes.Select(v => v.VolumeId).Order(StringComparer.Ordinal),
            journal.Where(e => e.Kind == JournalEntryKind.StepSucceeded && e.StepId!.StartsWith("restore-volumes:", StringComparison.Ordinal)).Select(e => e.Data!["volumeId"]).Order(StringComparer.Ordinal));
    }
}
