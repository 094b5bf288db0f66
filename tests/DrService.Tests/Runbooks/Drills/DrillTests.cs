using Amazon.EC2.Model;
using DrService.Aws.Rds;
using DrService.Advisor;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Drills;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Reporting;
using DrService.Testing;
using DrService.Tests.Witness;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Runbooks.Drills;

/// <summary>
/// Drills end to end on moto (service, executor, engine, EfExecutionStore on SQLite, real actions), their reports,
/// and the sweeper deleting only what finished drills left and DrService owns.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class DrillTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _seeded;
    private TestEndpoint _smoke = null!;
    private DrillTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _smoke = TestEndpoint.Start();
        _host = await DrillTestHost.StartAsync(moto.Endpoint, _smoke.Uri);
        await Gate.WaitAsync();
        try
        {
            if (!_seeded)
            {
                await _host.SeedAsync();
                _seeded = true;
            }
        }
        finally
        {
            Gate.Release();
        }
        _host.Counter.Reset();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smoke.DisposeAsync();
    }

    [Fact]
    public async Task TierAFailoverDrill_Succeeds_TouchesNoProduction_LeavesNothingTagged_ReportsRtoRpo()
    {
        var drill = await _host.RunDrillAsync("orders");

        Assert.Equal(Phase.Succeeded, drill.Phase);
        Assert.Equal("tier-a-failover", drill.Runbook.Id);
        var replica = Assert.Single(await _host.Rds.DescribeDBInstancesAsync(_host.Dr, new DbInstanceQuery("orders-db-dr")));
        Assert.True(replica.IsReadReplica);
        Assert.Equal(0, _host.Counter.Count("rds", "*", "PromoteReadReplica"));
        Assert.Equal(0, _host.Counter.Count("route53", "*", "ChangeResourceRecordSets"));
        Assert.Equal(0, _host.Counter.Count("route53", "*", "UpdateHealthCheck"));
        // Route 53 is global (counted under us-east-1, also the primary here): its reads are the DNS verification. The
        // only other primary-region calls are the recovery inventory's reads when the drill starts: nothing there changes.
        Assert.Empty(_host.Counter.Snapshot().Where(c => c.Key.Region == _host.Primary && c.Key.Service != "route53")
            .Where(c => !System.Text.RegularExpressions.Regex.IsMatch(c.Key.Operation, "^(Describe|List|Get)")).Select(c => $"{c.Key}: {c.Value}"));
        Assert.True(_host.Counter.Count("ec2", _host.Dr, "RunInstances") >= 1); // it did launch, and undid it
        Assert.True(_smoke.Hits >= 1);
        await AssertNothingTaggedAsync(drill.Id, throughCli: true);

        var report = await _host.Services.GetRequiredService<DrillReports>().GetAsync(drill.Id, default);
        Assert.NotNull(report);
        Assert.Equal(Phase.Succeeded, report.Phase);
        var orders = _host.Options.Applications["orders"];
        Assert.Equal((orders.Rto.TotalSeconds, orders.Rpo.TotalSeconds), (report.RtoTargetSeconds, report.RpoTargetSeconds));
        Assert.NotNull(report.RtoSeconds);
        Assert.NotNull(report.RpoSeconds);
        var smoke = report.Steps.Single(s => s.Id == "smoke-test");
        Assert.Equal(report.RtoSeconds!.Value, (smoke.EndedAt!.Value - report.StartedAt!.Value).TotalSeconds, 3);
        Assert.True(report.RpoSeconds >= 0);
        Assert.Equal(report.RtoSeconds <= orders.Rto.TotalSeconds, report.RtoMet);
        Assert.Equal(report.RpoSeconds <= orders.Rpo.TotalSeconds, report.RpoMet);
        Assert.All(report.Steps.Where(s => s.State == StepState.Succeeded), s => Assert.NotNull(s.DurationSeconds));
        Assert.Equal(2, report.Steps.Count(s => s.Id.StartsWith("launch-fleet:", StringComparison.Ordinal) && s.Attempts == 1)); // one per source instance
        // Every item the tier A drill ran for: both instances, the replica (snapshotted and restored), both volumes.
        Assert.Equal(["instances", "instances", "replicas", "volumes", "volumes"], report.Items.Select(i => i.Kind).Where(k => k != "dnsRecords" && k != "buckets"));
        Assert.Equal(CleanupState.Succeeded, report.Cleanup.State);
        Assert.NotEmpty(report.Cleanup.Deleted);
        Assert.Empty(report.Cleanup.Failed);

        var latest = await _host.Services.GetRequiredService<IRecoveryMeasurements>().LatestAsync(default);
        var measured = Assert.Single(latest, m => m.ExecutionId == drill.Id);
        Assert.Equal(report.RtoSeconds!.Value, measured.Rto.TotalSeconds, 3);
    }

    [Fact]
    public async Task Drill_LaunchRefusedByAws_FailsAndUndoesWhatItCreated_ReportSaysFailedWithCleanup()
    {
        _host.Faults.Fail(_host.Dr, "ec2", "UnauthorizedOperation", 403, operation: "RunInstances");

        var drill = await _host.RunDrillAsync("orders");

        Assert.Equal(Phase.Failed, drill.Phase);
        await AssertNothingTaggedAsync(drill.Id);
        var report = await _host.Services.GetRequiredService<DrillReports>().GetAsync(drill.Id, default);
        Assert.NotNull(report);
        Assert.Equal(Phase.Failed, report.Phase);
        Assert.False(report.RtoMet);
        Assert.Null(report.RtoSeconds);
        Assert.Contains(report.Steps, s => s.Id.StartsWith("launch-fleet:", StringComparison.Ordinal) && s.State == StepState.Failed);
        Assert.Equal(CleanupState.Succeeded, report.Cleanup.State);
        Assert.NotEmpty(report.Cleanup.Deleted); // the replica's drill snapshot at least
        Assert.Equal(0, _host.Counter.Count("rds", "*", "PromoteReadReplica"));
    }

    [Fact]
    public async Task Sweep_DeletesOwnedLeftoversOfFinishedDrill_LeavesUnownedAndRunning_AuditsAndCarriesOnAfterAnError()
    {
        // A drill that ended (failed) and one still pending, both known to the store.
        var finished = (await _host.Store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build(), mode: ExecutionMode.Drill), default)).Id;
        await _host.Store.SetPhaseAsync(finished, Phase.Failed, "test: ended", default);
        var running = await _host.Store.CreateAsync(RunbookBuilder.Request(RunbookBuilder.For("tier-a-failover").Build(), mode: ExecutionMode.Drill), default);
        var ec2 = _host.Clients.Ec2(_host.Dr);
        var zone = _host.Dr + "a";
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] })).Images.First();
        var owned = Tags(finished, managed: true);
        var instance = (await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = image.ImageId, InstanceType = "t3.micro", MinCount = 1, MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = "instance", Tags = owned }],
        })).Reservation.Instances.Single().InstanceId;
        var volume = (await ec2.CreateVolumeAsync(new CreateVolumeRequest
        {
            AvailabilityZone = zone, Size = 1, TagSpecifications = [new TagSpecification { ResourceType = "volume", Tags = owned }],
        })).Volume.VolumeId;
        var snapshot = (await ec2.CreateSnapshotAsync(new CreateSnapshotRequest
        {
            VolumeId = volume, TagSpecifications = [new TagSpecification { ResourceType = "snapshot", Tags = owned }],
        })).Snapshot.SnapshotId;
        var unowned = (await ec2.CreateVolumeAsync(new CreateVolumeRequest
        {
            AvailabilityZone = zone, Size = 1, TagSpecifications = [new TagSpecification { ResourceType = "volume", Tags = Tags(finished, managed: false) }],
        })).Volume.VolumeId;
        var ofRunning = (await ec2.CreateVolumeAsync(new CreateVolumeRequest
        {
            AvailabilityZone = zone, Size = 1, TagSpecifications = [new TagSpecification { ResourceType = "volume", Tags = Tags(running.Id, managed: true) }],
        })).Volume.VolumeId;
        var unknown = (await ec2.CreateVolumeAsync(new CreateVolumeRequest
        {
            AvailabilityZone = zone, Size = 1, TagSpecifications = [new TagSpecification { ResourceType = "volume", Tags = Tags("ex-unknown-to-store", managed: true) }],
        })).Volume.VolumeId;
        var dbSnapshot = $"leftover-{finished}";
        await _host.Rds.CreateDBSnapshotAsync(_host.Dr, "orders-db-dr", dbSnapshot,
            owned.ToDictionary(t => t.Key, t => t.Value));
        var fault = _host.Faults.Fail(_host.Dr, "rds", "InvalidDBSnapshotState", 400, operation: "DeleteDBSnapshot");

        var first = await _host.Sweeper.SweepAsync(default);

        var failure = Assert.Single(first.Failed);
        Assert.Equal((SweepKind.RdsSnapshot, dbSnapshot, "InvalidDBSnapshotState"), (failure.Resource.Kind, failure.Resource.Id, failure.ErrorCode));
        Assert.Contains(first.Deleted, r => r.Kind == SweepKind.Ec2Instance && r.Id == instance);
        Assert.Contains(first.Deleted, r => r.Kind == SweepKind.EbsVolume && r.Id == volume);
        Assert.Contains(first.Deleted, r => r.Kind == SweepKind.EbsSnapshot && r.Id == snapshot);
        Assert.Contains(first.NotOwned, r => r.Id == unowned);
        Assert.Contains(first.Kept, r => r.Id == ofRunning);
        Assert.Contains(first.Kept, r => r.Id == unknown); // unknown drill, younger than the grace period
        Assert.DoesNotContain(first.Deleted, r => r.Id == unowned || r.Id == ofRunning || r.Id == unknown);
        Assert.Equal(1, _host.Counter.Count("ec2", _host.Dr, "TerminateInstances"));
        Assert.Equal(1, _host.Counter.Count("ec2", _host.Dr, "DeleteVolume"));
        var left = (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [unowned, ofRunning, unknown] })).Volumes;
        Assert.Equal(3, left.Count);
        var audit = await _host.AuditAsync();
        Assert.Contains(audit, a => a.Action == "drill.swept" && a.Result == "succeeded" && a.Target == $"ec2-instance {instance}");
        Assert.Contains(audit, a => a.Action == "drill.swept" && a.Result == "succeeded" && a.Target == $"ebs-volume {volume}");
        Assert.Contains(audit, a => a.Action == "drill.swept" && a.Result == "succeeded" && a.Target == $"ebs-snapshot {snapshot}");
        Assert.Contains(audit, a => a.Action == "drill.swept" && a.Result == "failed" && a.Target == $"rds-snapshot {dbSnapshot}" && a.Details!.Contains("InvalidDBSnapshotState", StringComparison.Ordinal));

        _host.Faults.Remove(fault);
        var second = await _host.Sweeper.SweepAsync(default);

        Assert.Empty(second.Failed);
        Assert.Contains(second.Deleted, r => r.Kind == SweepKind.RdsSnapshot && r.Id == dbSnapshot);
        Assert.Empty(await _host.Rds.DescribeDBSnapshotsAsync(_host.Dr, new DbSnapshotQuery(SnapshotType: "manual")).ContinueWith(t => t.Result.Where(s => s.Identifier == dbSnapshot).ToList()));
        Assert.Equal(2, (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [unowned, ofRunning] })).Volumes.Count);

        // Tidy for the other tests of the class: these are not DrService's to sweep.
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = unowned });
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = ofRunning });
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = unknown });
    }

    private static List<Tag> Tags(string drill, bool managed)
    {
        var tags = new List<Tag> { new("dr:drill-id", drill), new("dr:app", "orders") };
        if (managed)
        {
            tags.Add(new Tag("dr:managed-by", "drservice"));
        }
        return tags;
    }

    /// <summary>Nothing tagged with the drill id, through the SDK clients and (<paramref name="throughCli"/>) the real AWS CLI.</summary>
    private async Task AssertNothingTaggedAsync(string drillId, bool throughCli = false)
    {
        var ec2 = _host.Clients.Ec2(_host.Dr);
        var tag = new Filter("tag:dr:drill-id", [drillId]);
        var instances = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [tag] })).Reservations?
            .SelectMany(r => r.Instances ?? []).Where(i => i.State.Name.Value is not ("terminated" or "shutting-down"));
        Assert.Empty(instances ?? []);
        Assert.Empty((await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [tag] })).Volumes ?? []);
        Assert.Empty((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"], Filters = [tag] })).Snapshots ?? []);
        Assert.Empty((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"], Filters = [tag] })).Images ?? []);
        Assert.DoesNotContain(await _host.Rds.DescribeDBInstancesAsync(_host.Dr), i => i.Tags.GetValueOrDefault("dr:drill-id") == drillId && i.Status != "deleting");
        Assert.DoesNotContain(await _host.Rds.DescribeDBClustersAsync(_host.Dr), c => c.Tags.GetValueOrDefault("dr:drill-id") == drillId);
        Assert.DoesNotContain(await _host.Rds.DescribeDBSnapshotsAsync(_host.Dr), s => s.Tags.GetValueOrDefault("dr:drill-id") == drillId);
        Assert.DoesNotContain(await _host.Rds.DescribeDBClusterSnapshotsAsync(_host.Dr), s => s.Tags.GetValueOrDefault("dr:drill-id") == drillId);

        if (!throughCli)
        {
            return;
        }
        var cli = new AwsCli(moto.Endpoint);
        var filter = $"Name=tag:dr:drill-id,Values={drillId}";
        // The EC2 listings filter by tag server-side; the RDS ones are read whole and filtered by each item's TagList.
        var ec2Calls = new (string Property, string[] Command)[]
        {
            ("Reservations", ["ec2", "describe-instances", "--filters", filter, "Name=instance-state-name,Values=pending,running,stopping,stopped"]),
            ("Volumes", ["ec2", "describe-volumes", "--filters", filter]),
            ("Snapshots", ["ec2", "describe-snapshots", "--owner-ids", "self", "--filters", filter]),
            ("Images", ["ec2", "describe-images", "--owners", "self", "--filters", filter]),
            ("DBInstances", ["rds", "describe-db-instances"]),
            ("DBClusters", ["rds", "describe-db-clusters"]),
            ("DBSnapshots", ["rds", "describe-db-snapshots"]),
            ("DBClusterSnapshots", ["rds", "describe-db-cluster-snapshots"]),
        };
        var answers = await Task.WhenAll(ec2Calls.Select(c => cli.JsonAsync(_host.Dr, c.Command)));
        foreach (var (call, answer) in ec2Calls.Zip(answers))
        {
            var items = answer.GetProperty(call.Property).EnumerateArray().ToList();
            Assert.DoesNotContain(items, i => call.Command[0] == "ec2"
                || (i.TryGetProperty("TagList", out var tags)
                    && tags.EnumerateArray().Any(t => t.GetProperty("Key").GetString() == "dr:drill-id" && t.GetProperty("Value").GetString() == drillId)
                    && !(i.TryGetProperty("DBInstanceStatus", out var status) && status.GetString() == "deleting")));
        }
    }
}
