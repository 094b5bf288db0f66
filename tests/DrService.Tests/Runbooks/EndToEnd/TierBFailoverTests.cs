using Amazon.EC2.Model;
using DrService.Aws.Rds;
using DrService.Backups.Model;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Testing;
using static DrService.Tests.Runbooks.EndToEnd.TierAFailoverTests;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>tier-b-failover of catalog in production (approvals waived by configuration), through the executor on the real store, against moto.</summary>
[Collection(MotoFixture.Collection)]
public sealed class TierBFailoverTests(MotoFixture moto) : EndToEndTestBase(moto)
{
    [Fact]
    public async Task TierBFailover_Production_DbInstancesAndVolumesFromTheNewestCopiesSucceeded()
    {
        await Host.StartExecutorAsync();

        var execution = await Host.StartAsync(null, "catalog");
        var ended = await Host.WaitForEndAsync(execution.Id);
        var journal = await Host.JournalAsync(execution.Id);

        Assert.Equal("tier-b-failover", execution.Runbook.Id);
        Assert.True(execution.WaiveApprovals);
        Assert.True(ended.Phase == Phase.Succeeded, EndToEndHost.Describe(journal));
        AssertEveryStepSucceeded(ended, journal, skipped: []);
        Assert.DoesNotContain(journal, e => e.Kind == JournalEntryKind.StepAwaitingApproval);

        // The database from the newest DR snapshot copy; its recovery point is the source snapshot's creation time.
        var copies = await Host.Rds.DescribeDBSnapshotsAsync(Host.Dr, new DbSnapshotQuery(SnapshotType: "manual"));
        var newest = copies.Where(c => c.Tags.GetValueOrDefault(OwnershipTags.ResourceId) == "catalog-db" && c.Tags.ContainsKey(OwnershipTags.SourceCreated))
            .OrderByDescending(c => DateTimeOffset.Parse(c.Tags[OwnershipTags.SourceCreated], System.Globalization.CultureInfo.InvariantCulture)).First();
        var restore = Outputs(journal, "restore-db");
        Assert.Equal(newest.Identifier, restore["snapshot"]);
        Assert.Equal(DateTimeOffset.Parse(newest.Tags[OwnershipTags.SourceCreated], System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(restore["recoveryPoint"], System.Globalization.CultureInfo.InvariantCulture));
        var db = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery(restore["dbInstance"])));
        Assert.Equal("catalog-db", db.Identifier);
        Assert.Equal(execution.Id, db.Tags["dr:execution-id"]);
        Assert.Equal("available", db.Status);
        Assert.Equal(1, Host.Counter.Count("rds", Host.Dr, "RestoreDBInstanceFromDBSnapshot"));

        // The fleet from the newest AMI copy, the volumes from the EBS snapshot copies, all tagged with the execution.
        var ids = Outputs(journal, "launch-fleet")["instanceIds"].Split(',');
        var instance = Assert.Single((await Host.Clients.Ec2(Host.Dr).DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [.. ids] })).Reservations.SelectMany(r => r.Instances));
        var image = Assert.Single((await Host.Clients.Ec2(Host.Dr).DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [instance.ImageId] })).Images);
        Assert.Equal("catalog", image.Tags.Single(t => t.Key == "dr:app").Value);
        Assert.Equal("drservice", image.Tags.Single(t => t.Key == "dr:managed-by").Value);
        Assert.Equal(execution.Id, instance.Tags.Single(t => t.Key == "dr:execution-id").Value);
        var volumeIds = journal.Where(e => e.Kind == JournalEntryKind.StepSucceeded && e.StepId!.StartsWith("restore-volumes:", StringComparison.Ordinal))
            .Select(e => e.Data!["volumeId"]).ToArray();
        Assert.NotEmpty(volumeIds);
        var volumes = (await Host.Clients.Ec2(Host.Dr).DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [.. volumeIds] })).Volumes;
        Assert.Equal(volumeIds.Length, volumes.Count);
        var snapshots = (await Host.Clients.Ec2(Host.Dr).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [.. volumes.Select(v => v.SnapshotId)] })).Snapshots;
        Assert.All(snapshots, s => Assert.Equal("catalog", s.Tags.Single(t => t.Key == "dr:app").Value));
        Assert.All(volumes, v => Assert.Equal(execution.Id, v.Tags.Single(t => t.Key == "dr:execution-id").Value));
        Assert.Equal(volumeIds.Length, Host.Counter.Count("ec2", Host.Dr, "CreateVolume"));

        var force = Outputs(journal, "dns-force");
        Assert.Equal("SECONDARY", force["answer"]);
        Assert.True((await Host.Route53.GetHealthCheckAsync(force["healthCheckId"])).Config.Inverted);
        var audit = await Host.AuditAsync();
        Assert.Contains(audit, a => a.Action == "runbook.started" && a.Target == execution.Id && a.Details!.Contains("approvals waived", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "runbook.rds.restore-from-copy" && a.Result == "succeeded" && a.Application == "catalog");
        Assert.Contains(audit, a => a.Action == "runbook.ec2.volume-from-copy" && a.Result == "succeeded" && a.Application == "catalog");
    }
}
