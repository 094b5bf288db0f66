using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using DrService.Aws.Rds;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// The RDS, EC2 and S3 actions against the sandbox estate after a backup cycle (DR copies of every resource):
/// Execute, Check before and after, drill tags and names, and undo refusing what the drill does not own.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class FailoverActionTests(MotoFixture moto) : ActionsTestBase(moto)
{
    [Fact]
    public async Task RestoreFromCopy_Drill_NewestCopyRestoredTaggedNamedWithDrillIdAndUndone()
    {
        var restore = Host.Action("rds.restore-from-copy");
        var context = Context("catalog", ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["sourceDbInstance"] = "catalog-db", ["targetName"] = "catalog-db", ["dbInstanceClass"] = "",
        });
        Assert.Null(await restore.CheckAsync(context, default));

        var result = await restore.ExecuteAsync(context, default);

        var name = result.Outputs["dbInstance"];
        Assert.Contains(context.ExecutionId, name, StringComparison.Ordinal);
        Assert.StartsWith("catalog-db-", name, StringComparison.Ordinal);
        Assert.Equal(1, Host.Counter.Count("rds", Host.Dr, "RestoreDBInstanceFromDBSnapshot"));
        Assert.Equal(0, Host.Counter.Count("*", Host.Primary));
        var instance = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery(name)));
        Assert.Equal(("drservice", "catalog", context.ExecutionId, context.ExecutionId),
            (instance.Tags["dr:managed-by"], instance.Tags["dr:app"], instance.Tags["dr:execution-id"], instance.Tags["dr:drill-id"]));
        var copy = (await Host.Rds.DescribeDBSnapshotsAsync(Host.Dr, new DbSnapshotQuery(SnapshotIdentifier: result.Outputs["snapshot"]))).Single();
        Assert.Equal(copy.Tags["dr:source-created"], result.Outputs[WellKnownOutputs.RecoveryPoint]);
        Assert.Equal("catalog-db", copy.Tags["dr:resource-id"]);
        Assert.Equal(instance.Arn, result.Outputs[WellKnownOutputs.Created]);
        var checkedAgain = await restore.CheckAsync(context, default);
        Assert.Equal(name, checkedAgain?.Outputs["dbInstance"]);
        var again = await restore.ExecuteAsync(context, default);
        Assert.Equal(name, again.Outputs["dbInstance"]);
        Assert.Equal(1, Host.Counter.Count("rds", Host.Dr, "RestoreDBInstanceFromDBSnapshot"));

        var wait = await Host.Action("rds.wait-available").ExecuteAsync(Context("catalog", ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["dbInstance"] = name,
        }, context.ExecutionId), default);
        Assert.Equal("available", wait.Outputs["status"]);

        var undoInputs = new Dictionary<string, string>(context.Inputs) { ["dbInstance"] = name };
        var undo = Context("catalog", ExecutionMode.Drill, undoInputs, context.ExecutionId);
        await Host.Action("rds.delete-instance").ExecuteAsync(undo, default);
        Assert.NotNull(await Host.Action("rds.delete-instance").CheckAsync(undo, default));
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.rds.delete-instance" && a.Result == "succeeded" && a.Target == instance.Arn);
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.rds.restore-from-copy" && a.Result == "succeeded" && a.Application == "catalog");
    }

    [Fact]
    public async Task DeleteInstance_ReplicaNotOwned_RefusedNotRetryableAndKept()
    {
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["dbInstance"] = "orders-db-dr" });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("rds.delete-instance").ExecuteAsync(context, default));

        Assert.Equal(("NotOwned", false), (failure.Code, failure.Retryable));
        Assert.Equal(0, Host.Counter.Count("rds", "*", "DeleteDBInstance"));
        Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery("orders-db-dr")));
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.rds.delete-instance" && a.Result == "denied");
    }

    [Fact]
    public async Task SnapshotInstance_DrillOfReplica_NamedAndTaggedWithDrillId_UndoDeletesOnlyItsOwn()
    {
        var action = Host.Action("rds.snapshot-instance");
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["dbInstance"] = "orders-db-dr" }, step: "snapshot-replica");
        Assert.Null(await action.CheckAsync(context, default));

        var result = await action.ExecuteAsync(context, default);

        var id = result.Outputs["snapshot"];
        Assert.Contains(context.ExecutionId, id, StringComparison.Ordinal);
        var snapshot = Assert.Single(await Host.Rds.DescribeDBSnapshotsAsync(Host.Dr, new DbSnapshotQuery(SnapshotIdentifier: id)));
        Assert.Equal((context.ExecutionId, "drservice", "snapshot-replica"), (snapshot.Tags["dr:drill-id"], snapshot.Tags["dr:managed-by"], snapshot.Tags["dr:step"]));
        Assert.Equal(id, (await action.CheckAsync(context, default))?.Outputs["snapshot"]);

        // Another drill's undo must not delete it; this drill's may.
        var other = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["snapshot"] = id });
        var refused = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("rds.delete-snapshot").ExecuteAsync(other, default));
        Assert.False(refused.Retryable);
        var mine = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["snapshot"] = id }, context.ExecutionId);
        Assert.Null(await Host.Action("rds.delete-snapshot").CheckAsync(mine, default));
        await Host.Action("rds.delete-snapshot").ExecuteAsync(mine, default);
        Assert.NotNull(await Host.Action("rds.delete-snapshot").CheckAsync(mine, default)); // gone
        Assert.Equal(1, Host.Counter.Count("rds", Host.Dr, "DeleteDBSnapshot"));
    }

    [Fact]
    public async Task DeleteSnapshot_BackupCopyWithoutDrillId_Refused()
    {
        var copy = (await Host.Rds.DescribeDBSnapshotsAsync(Host.Dr, new DbSnapshotQuery(SnapshotType: "manual")))
            .First(s => s.Tags.GetValueOrDefault("dr:managed-by") == "drservice");
        var context = Context("catalog", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["snapshot"] = copy.Identifier });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("rds.delete-snapshot").ExecuteAsync(context, default));

        Assert.Equal("NotOwned", failure.Code);
        Assert.Contains("dr:drill-id", failure.Message, StringComparison.Ordinal);
        Assert.Single(await Host.Rds.DescribeDBSnapshotsAsync(Host.Dr, new DbSnapshotQuery(SnapshotIdentifier: copy.Identifier)));
    }

    [Fact]
    public async Task LaunchFromCopy_Drill_InstancesFromNewestAmiCopyTaggedOnceAndTerminatedByUndo()
    {
        var launch = Host.Action("ec2.launch-from-copy");
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["instanceType"] = "t3.micro", ["count"] = "2", ["instanceSource"] = "",
        }, step: "launch-fleet");
        Assert.Null(await launch.CheckAsync(context, default));

        var result = await launch.ExecuteAsync(context, default);
        var again = await launch.ExecuteAsync(context, default);

        var ids = result.Outputs["instanceIds"].Split(',');
        Assert.Equal(2, ids.Length);
        Assert.Equal(1, Host.Counter.Count("ec2", Host.Dr, "RunInstances"));
        Assert.Equal(result.Outputs["instanceIds"], again.Outputs["instanceIds"]);
        Assert.Equal(result.Outputs["instanceIds"], (await launch.CheckAsync(context, default))?.Outputs["instanceIds"]);
        var images = await Host.Clients.Ec2(Host.Dr).DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [result.Outputs["ami"]] });
        var image = Assert.Single(images.Images);
        Assert.Equal(("drservice", "orders"), (image.Tags.Single(t => t.Key == "dr:managed-by").Value, image.Tags.Single(t => t.Key == "dr:app").Value));
        Assert.Equal(image.Tags.Single(t => t.Key == "dr:source-created").Value, result.Outputs[WellKnownOutputs.RecoveryPoint]);
        var instances = (await Host.Clients.Ec2(Host.Dr).DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [.. ids] })).Reservations.SelectMany(r => r.Instances).ToList();
        Assert.All(instances, i => Assert.Equal(context.ExecutionId, i.Tags.Single(t => t.Key == "dr:drill-id").Value));
        Assert.All(instances, i => Assert.Contains(context.ExecutionId, i.Tags.Single(t => t.Key == "Name").Value, StringComparison.Ordinal));

        var running = await Host.Action("ec2.wait-running").ExecuteAsync(Context("orders", ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["instanceIds"] = result.Outputs["instanceIds"],
        }, context.ExecutionId), default);
        Assert.Equal(string.Join(",", ids.Order()), running.Outputs["instanceIds"]);

        var undo = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["instanceIds"] = result.Outputs["instanceIds"] }, context.ExecutionId);
        await Host.Action("ec2.terminate-instances").ExecuteAsync(undo, default);
        Assert.NotNull(await Host.Action("ec2.terminate-instances").CheckAsync(undo, default));
        Assert.Equal(1, Host.Counter.Count("ec2", Host.Dr, "TerminateInstances"));
        Assert.Equal(0, Host.Counter.Count("*", Host.Primary));
    }

    [Fact]
    public async Task TerminateInstances_OneUntaggedAmongOwned_NothingTerminated()
    {
        var launch = Host.Action("ec2.launch-from-copy");
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["instanceType"] = "t3.micro", ["count"] = "1" });
        var owned = (await launch.ExecuteAsync(context, default)).Outputs["instanceIds"];
        var stranger = await StrangerInstanceAsync();

        var undo = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["instanceIds"] = $"{owned},{stranger}" }, context.ExecutionId);
        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("ec2.terminate-instances").ExecuteAsync(undo, default));

        Assert.Equal(("NotOwned", false), (failure.Code, failure.Retryable));
        Assert.Equal(0, Host.Counter.Count("ec2", "*", "TerminateInstances"));
    }

    [Fact]
    public async Task VolumesFromCopies_DrillAttached_OneVolumePerSourceVolume_DeleteDetachesAndDeletes()
    {
        var zone = Host.Dr + "a";
        var instance = await StrangerInstanceAsync(zone);
        var action = Host.Action("ec2.volumes-from-copies");
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["availabilityZone"] = zone, ["attachTo"] = instance }, step: "volumes");
        Assert.Null(await action.CheckAsync(context, default));

        var result = await action.ExecuteAsync(context, default);

        var ids = result.Outputs["volumeIds"].Split(',');
        Assert.Equal(2, ids.Length); // the orders demo app has two data volumes
        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "CreateVolume"));
        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "AttachVolume"));
        var volumes = (await Host.Clients.Ec2(Host.Dr).DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [.. ids] })).Volumes;
        Assert.All(volumes, v => Assert.Equal(context.ExecutionId, v.Tags.Single(t => t.Key == "dr:drill-id").Value));
        Assert.All(volumes, v => Assert.Equal(instance, Assert.Single(v.Attachments).InstanceId));
        Assert.Equal(2, volumes.Select(v => v.Tags.Single(t => t.Key == "dr:resource-id").Value).Distinct().Count());
        Assert.False(string.IsNullOrEmpty(result.Outputs[WellKnownOutputs.RecoveryPoint]));
        Assert.Equal(result.Outputs["volumeIds"], (await action.CheckAsync(context, default))?.Outputs["volumeIds"]);

        var undo = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["volumeIds"] = result.Outputs["volumeIds"] }, context.ExecutionId);
        await Host.Action("ec2.delete-volumes").ExecuteAsync(undo, default);
        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "DetachVolume"));
        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "DeleteVolume"));
        Assert.NotNull(await Host.Action("ec2.delete-volumes").CheckAsync(undo, default));
    }

    [Fact]
    public async Task DeleteVolumes_UntaggedVolume_Refused()
    {
        var volume = await Host.Clients.Ec2(Host.Dr).CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = Host.Dr + "a", Size = 1 });
        var context = Context("orders", ExecutionMode.Production, new Dictionary<string, string> { ["region"] = Host.Dr, ["volumeIds"] = volume.Volume.VolumeId });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("ec2.delete-volumes").ExecuteAsync(context, default));

        Assert.Equal("NotOwned", failure.Code);
        Assert.Contains("dr:managed-by", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, Host.Counter.Count("ec2", "*", "DeleteVolume"));
    }

    [Fact]
    public async Task VerifyReplication_DestinationWithObject_VersioningAndNewestReplicaFromDrOnly()
    {
        var s3 = Host.Clients.S3(Host.Dr);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "drservice-demo-orders-dr", Key = "orders/latest.json", ContentBody = "{}" });
        Host.Counter.Reset();
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["bucketDestination"] = "drservice-demo-orders-dr" });

        var result = await Host.Action("s3.verify-replication").ExecuteAsync(context, default);

        Assert.Equal("Enabled", result.Outputs["versioning"]);
        Assert.Equal("orders/latest.json", result.Outputs["newestKey"]);
        Assert.Equal(0, Host.Counter.Count("*", Host.Primary));
        Assert.True(Host.Counter.Count("s3", Host.Dr) >= 2);
    }

    [Fact]
    public async Task VerifyReplication_NewestObjectSortsLast_FoundAcrossPagesByLastModified()
    {
        // S3 lists in key order: the newest object, z-newest, is on the last page, not the first.
        var s3 = Host.Clients.S3(Host.Dr);
        const string bucket = "drservice-verify-pages-dr";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = S3Region.FindValue(Host.Dr) });
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        foreach (var key in new[] { "a-1.json", "a-2.json", "a-3.json" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "{}" });
        }
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // S3 LastModified has whole seconds
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "z-newest.json", ContentBody = "{}" });
        var action = (VerifyReplicationAction)Host.Action("s3.verify-replication");
        action.ListPageSize = 2;
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["bucketDestination"] = bucket });

        StepResult result, onePage;
        try
        {
            result = await action.ExecuteAsync(context, default);
            onePage = await action.ExecuteAsync(Context("orders", ExecutionMode.Drill, new Dictionary<string, string>
            {
                ["region"] = Host.Dr, ["bucketDestination"] = bucket, ["maxPages"] = "1",
            }), default);
        }
        finally
        {
            action.ListPageSize = 1000;
        }

        Assert.Equal(("z-newest.json", "4"), (result.Outputs["newestKey"], result.Outputs["objects"]));
        Assert.Equal(("2", "a-2.json"), (onePage.Outputs["objects"], onePage.Outputs["newestKey"])); // the first page alone: the defect
    }

    [Fact]
    public async Task VerifyReplication_MissingBucket_FailsWithAwsCode()
    {
        var context = Context("orders", ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["bucketDestination"] = "no-such-bucket-drservice" });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("s3.verify-replication").ExecuteAsync(context, default));

        Assert.Equal("NoSuchBucket", failure.Code);
        Assert.False(failure.Retryable);
    }

    private async Task<string> StrangerInstanceAsync(string? zone = null)
    {
        var run = await Host.Clients.Ec2(Host.Dr).RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-12345678",
            InstanceType = InstanceType.T3Micro,
            MinCount = 1,
            MaxCount = 1,
            Placement = zone is null ? null : new Placement { AvailabilityZone = zone },
        });
        Host.Counter.Reset();
        return run.Reservation.Instances[0].InstanceId;
    }
}
