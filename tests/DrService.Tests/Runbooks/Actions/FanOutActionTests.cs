using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws.Rds;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// The per-item actions of fan-out runbooks (one step per inventory item, step ids <c>STEP:ITEMKEY</c>) against moto,
/// with DR copies of several resources of one application: two instances of two roles (two AMI copies), two data
/// volumes (two EBS snapshot copies) and an Aurora cluster (a cluster snapshot copy), seeded in the DR region with the
/// ownership tags a backup cycle puts on its copies. Checked through our clients and the AWS CLI.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class FanOutActionTests(MotoFixture moto) : ActionsTestBase(moto)
{
    private const string App = "catalog";
    private const string Web = "i-0fa0web000000001";
    private const string Worker = "i-0fa0wkr000000002";
    private const string Data1 = "vol-0fa0data0000001";
    private const string Data2 = "vol-0fa0data0000002";
    private const string SourceCluster = "catalog-aurora";

    private static readonly Dictionary<string, string> Amis = [];
    private static readonly Dictionary<string, string> Snapshots = [];
    private static string _clusterCopy = "";

    private protected override async Task SeedMoreAsync()
    {
        var ec2 = Host.Clients.Ec2(Host.Dr);
        var builder = await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-12345678", InstanceType = InstanceType.T3Micro, MinCount = 1, MaxCount = 1 });
        foreach (var (source, i) in new[] { Web, Worker }.Select((s, i) => (s, i)))
        {
            var image = await ec2.CreateImageAsync(new CreateImageRequest
            {
                InstanceId = builder.Reservation.Instances[0].InstanceId,
                Name = $"drs-{source}-copy",
                TagSpecifications = [Spec(ResourceType.Image, source, $"ami-0src{i}", "2026-12-01T0" + i + ":00:00Z")],
            });
            Amis[source] = image.ImageId;
        }
        foreach (var (source, i) in new[] { Data1, Data2 }.Select((s, i) => (s, i)))
        {
            var volume = await ec2.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = Host.Dr + "a", Size = 1 + i });
            var snapshot = await ec2.CreateSnapshotAsync(new CreateSnapshotRequest
            {
                VolumeId = volume.Volume.VolumeId,
                TagSpecifications = [Spec(ResourceType.Snapshot, source, $"snap-0src{i}", "2026-12-02T0" + i + ":00:00Z")],
            });
            Snapshots[source] = snapshot.Snapshot.SnapshotId;
        }
        // Stands in for the copied cluster snapshot: a cluster in the DR region (not ours: no dr:managed-by) snapshotted with a copy's tags.
        await Host.Rds.CreateDBClusterAsync(Host.Dr, new DbClusterCreate("fanout-stand-in", "aurora-postgresql", "admin", "secret-password-1"));
        var copy = await Host.Rds.CreateDBClusterSnapshotAsync(Host.Dr, "fanout-stand-in", "drs-catalog-aurora-copy", new Dictionary<string, string>
        {
            ["dr:managed-by"] = "drservice", ["dr:app"] = App, ["dr:source-id"] = "catalog-aurora-snap", ["dr:resource-id"] = SourceCluster,
            ["dr:source-region"] = Host.Primary, ["dr:source-created"] = "2026-12-03T04:00:00Z",
        });
        _clusterCopy = copy.Identifier;
    }

    private sealed record LaunchItem(string Source, string Name, string Role, string Type);

    private sealed record VolumeItem(string Source, string Device);

    private TagSpecification Spec(ResourceType type, string resource, string sourceId, string created) => new()
    {
        ResourceType = type,
        Tags =
        [
            new("dr:managed-by", "drservice"), new("dr:app", App), new("dr:resource-id", resource), new("dr:source-id", sourceId),
            new("dr:source-region", Host.Primary), new("dr:source-created", created),
        ],
    };

    [Fact]
    public async Task LaunchFromCopy_TwoInstancesOfTwoRoles_EachFromItsOwnAmiCopyWithItsTypeNameAndRole_ReRunLaunchesNothing()
    {
        var launch = Host.Action("ec2.launch-from-copy");
        var execution = $"x{Guid.NewGuid():N}"[..13];
        LaunchItem[] items = [new(Web, "catalog-web", "web", "t3.small"), new(Worker, "catalog-worker", "worker", "t3.medium")];
        StepContext Item(LaunchItem item) => Context(App, ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["instanceSource"] = item.Source, ["instanceType"] = item.Type, ["name"] = item.Name, ["role"] = item.Role,
            ["subnetId"] = "", ["securityGroupIds"] = "",
        }, execution, RunbookExpansion.ExpandedId("launch-fleet", item.Source));

        var results = new List<StepResult>();
        foreach (var item in items)
        {
            Assert.Null(await launch.CheckAsync(Item(item), default));
            results.Add(await launch.ExecuteAsync(Item(item), default));
        }
        foreach (var item in items)
        {
            await launch.ExecuteAsync(Item(item), default);
            Assert.NotNull(await launch.CheckAsync(Item(item), default));
        }

        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "RunInstances"));
        Assert.Equal(0, Host.Counter.Count("*", Host.Primary));
        var cli = new AwsCli(Moto.Endpoint);
        foreach (var (item, result) in items.Zip(results))
        {
            Assert.Equal(Amis[item.Source], result.Outputs["ami"]);
            Assert.Equal(Amis[item.Source], result.Outputs[WellKnownOutputs.Copy]);
            Assert.Equal(result.Outputs["instanceId"], result.Outputs[WellKnownOutputs.Recovered]);
            Assert.Equal(result.Outputs["instanceId"], result.Outputs[WellKnownOutputs.Created]);
            Assert.Equal(item.Source == Web ? "2026-12-01T00:00:00Z" : "2026-12-01T01:00:00Z", result.Outputs[WellKnownOutputs.RecoveryPoint]);
            var described = await cli.JsonAsync(Host.Dr, "ec2", "describe-instances", "--instance-ids", result.Outputs["instanceId"]);
            var instance = described.GetProperty("Reservations")[0].GetProperty("Instances")[0];
            var tags = instance.GetProperty("Tags").EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!);
            Assert.Equal(Amis[item.Source], instance.GetProperty("ImageId").GetString());
            Assert.Equal(item.Type, instance.GetProperty("InstanceType").GetString());
            Assert.Equal(result.Outputs["availabilityZone"], instance.GetProperty("Placement").GetProperty("AvailabilityZone").GetString());
            Assert.StartsWith(item.Name + "-", tags["Name"], StringComparison.Ordinal);
            Assert.Contains(execution, tags["Name"], StringComparison.Ordinal);
            Assert.Equal(item.Role, tags["role"]);
            Assert.Equal(($"launch-fleet:{item.Source}", execution, item.Source), (tags["dr:step"], tags["dr:drill-id"], tags["dr:resource-id"]));
        }

        foreach (var result in results)
        {
            var undo = Context(App, ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["instanceIds"] = result.Outputs["instanceIds"] }, execution);
            await Host.Action("ec2.terminate-instances").ExecuteAsync(undo, default);
        }
    }

    [Fact]
    public async Task VolumeFromCopy_TwoVolumesOfOneInstance_CreatedInItsZoneAttachedAtSourceDevices_ReRunCreatesNothing_UndoDetachesAndDeletes()
    {
        var zone = Host.Dr + "b";
        var run = await Host.Clients.Ec2(Host.Dr).RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-12345678", InstanceType = InstanceType.T3Micro, MinCount = 1, MaxCount = 1, Placement = new Placement { AvailabilityZone = zone },
        });
        var instance = run.Reservation.Instances[0].InstanceId;
        Host.Counter.Reset();
        var action = Host.Action("ec2.volume-from-copy");
        var execution = $"x{Guid.NewGuid():N}"[..13];
        VolumeItem[] items = [new(Data1, "/dev/sdf"), new(Data2, "/dev/sdg")];
        StepContext Item(VolumeItem item) => Context(App, ExecutionMode.Drill, new Dictionary<string, string>
        {
            // availabilityZone says "a" (as a stale plan might): the instance's own zone must win, or AttachVolume fails.
            ["region"] = Host.Dr, ["sourceVolume"] = item.Source, ["instanceId"] = instance, ["device"] = item.Device,
            ["availabilityZone"] = Host.Dr + "a", ["defaultAvailabilityZone"] = Host.Dr + "c",
        }, execution, RunbookExpansion.ExpandedId("restore-volumes", item.Source));

        var results = new List<StepResult>();
        foreach (var item in items)
        {
            Assert.Null(await action.CheckAsync(Item(item), default));
            results.Add(await action.ExecuteAsync(Item(item), default));
        }
        foreach (var item in items)
        {
            await action.ExecuteAsync(Item(item), default);
            Assert.NotNull(await action.CheckAsync(Item(item), default));
        }

        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "CreateVolume"));
        Assert.Equal(2, Host.Counter.Count("ec2", Host.Dr, "AttachVolume"));
        Assert.Equal(0, Host.Counter.Count("*", Host.Primary));
        var cli = new AwsCli(Moto.Endpoint);
        foreach (var (item, result) in items.Zip(results))
        {
            Assert.Equal((Snapshots[item.Source], instance, zone), (result.Outputs[WellKnownOutputs.Copy], result.Outputs["attachedTo"], result.Outputs["availabilityZone"]));
            Assert.Equal(result.Outputs["volumeId"], result.Outputs[WellKnownOutputs.Recovered]);
            Assert.Equal(item.Source == Data1 ? "2026-12-02T00:00:00Z" : "2026-12-02T01:00:00Z", result.Outputs[WellKnownOutputs.RecoveryPoint]);
            var volume = (await cli.JsonAsync(Host.Dr, "ec2", "describe-volumes", "--volume-ids", result.Outputs["volumeId"])).GetProperty("Volumes")[0];
            Assert.Equal((Snapshots[item.Source], zone), (volume.GetProperty("SnapshotId").GetString(), volume.GetProperty("AvailabilityZone").GetString()));
            var attachment = Assert.Single(volume.GetProperty("Attachments").EnumerateArray());
            Assert.Equal((instance, item.Device, "attached"),
                (attachment.GetProperty("InstanceId").GetString(), attachment.GetProperty("Device").GetString(), attachment.GetProperty("State").GetString()));
            Assert.Contains(volume.GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Key").GetString() == "dr:step" && t.GetProperty("Value").GetString() == $"restore-volumes:{item.Source}");
        }
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.ec2.volume-from-copy.attach" && a.Result == "succeeded");

        foreach (var result in results)
        {
            // The engine calls the undo with the step's inputs overlaid with its outputs: volumeIds is among them.
            var undo = Context(App, ExecutionMode.Drill, new Dictionary<string, string>(result.Outputs) { ["region"] = Host.Dr }, execution);
            await Host.Action("ec2.delete-volumes").ExecuteAsync(undo, default);
            Assert.NotNull(await Host.Action("ec2.delete-volumes").CheckAsync(undo, default));
        }
        Assert.Equal((2, 2), (Host.Counter.Count("ec2", Host.Dr, "DetachVolume"), Host.Counter.Count("ec2", Host.Dr, "DeleteVolume")));
    }

    [Fact]
    public async Task VolumeFromCopy_UnattachedVolume_CreatedInTheFallbackZoneAndLeftAvailable()
    {
        var context = Context(App, ExecutionMode.Production, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["sourceVolume"] = Data2, ["instanceId"] = "", ["device"] = "", ["availabilityZone"] = "", ["defaultAvailabilityZone"] = Host.Dr + "c",
        }, step: RunbookExpansion.ExpandedId("restore-volumes", Data2));

        var result = await Host.Action("ec2.volume-from-copy").ExecuteAsync(context, default);

        Assert.Equal((Host.Dr + "c", "", Snapshots[Data2]), (result.Outputs["availabilityZone"], result.Outputs["attachedTo"], result.Outputs[WellKnownOutputs.Copy]));
        Assert.Equal(0, Host.Counter.Count("ec2", "*", "AttachVolume"));
        var volume = Assert.Single((await Host.Clients.Ec2(Host.Dr).DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [result.Outputs["volumeId"]] })).Volumes);
        Assert.Equal(VolumeState.Available, volume.State);
        Assert.Equal(result.Outputs["volumeId"], (await Host.Action("ec2.volume-from-copy").CheckAsync(context, default))?.Outputs["volumeId"]);
    }

    [Fact]
    public async Task RestoreClusterFromCopy_Drill_ClusterAndWriterFromTheCopy_ReRunRestoresNothing_WaitThenUndoDeletesBoth()
    {
        var restore = Host.Action("rds.restore-cluster-from-copy");
        var context = Context(App, ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["sourceCluster"] = SourceCluster, ["targetName"] = SourceCluster, ["engine"] = "aurora-postgresql", ["instanceClass"] = "db.r6g.large",
        }, step: RunbookExpansion.ExpandedId("restore-cluster", SourceCluster));
        Assert.Null(await restore.CheckAsync(context, default));

        var result = await restore.ExecuteAsync(context, default);
        var again = await restore.ExecuteAsync(context, default);

        var name = result.Outputs["dbCluster"];
        Assert.StartsWith(SourceCluster + "-", name, StringComparison.Ordinal);
        Assert.Contains(context.ExecutionId, name, StringComparison.Ordinal);
        Assert.Equal((name, _clusterCopy, "2026-12-03T04:00:00Z"), (result.Outputs[WellKnownOutputs.Recovered], result.Outputs[WellKnownOutputs.Copy], result.Outputs[WellKnownOutputs.RecoveryPoint]));
        Assert.Equal(result.Outputs["writer"], again.Outputs["writer"]);
        Assert.Equal((1, 1), (Host.Counter.Count("rds", Host.Dr, "RestoreDBClusterFromSnapshot"), Host.Counter.Count("rds", Host.Dr, "CreateDBInstance")));
        Assert.Equal(0, Host.Counter.Count("*", Host.Primary));
        var cluster = Assert.Single(await Host.Rds.DescribeDBClustersAsync(Host.Dr, new DbClusterQuery(name)));
        Assert.Equal((context.ExecutionId, "drservice", $"restore-cluster:{SourceCluster}"), (cluster.Tags["dr:drill-id"], cluster.Tags["dr:managed-by"], cluster.Tags["dr:step"]));
        Assert.Contains(cluster.Members, m => m.DBInstanceIdentifier == result.Outputs["writer"]);
        var writer = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery(result.Outputs["writer"])));
        Assert.Equal(("db.r6g.large", name), (writer.InstanceClass, writer.DBClusterIdentifier));
        Assert.Equal(result.Outputs["writer"], (await restore.CheckAsync(context, default))?.Outputs["writer"]);

        var wait = Context(App, ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["dbCluster"] = name }, context.ExecutionId);
        var waited = await Host.Action("rds.wait-cluster-available").ExecuteAsync(wait, default);
        Assert.Equal(("available", result.Outputs["writer"]), (waited.Outputs["status"], waited.Outputs["writer"]));

        // Another drill's undo is refused; this drill's deletes the writer, then the cluster.
        var other = Context(App, ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["dbCluster"] = name });
        var refused = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("rds.delete-cluster").ExecuteAsync(other, default));
        Assert.Equal(("NotOwned", false), (refused.Code, refused.Retryable));
        var undo = Context(App, ExecutionMode.Drill, new Dictionary<string, string>(context.Inputs.Concat(result.Outputs).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)), context.ExecutionId);
        await Host.Action("rds.delete-cluster").ExecuteAsync(undo, default);
        Assert.NotNull(await Host.Action("rds.delete-cluster").CheckAsync(undo, default));
        Assert.Equal((1, 1), (Host.Counter.Count("rds", Host.Dr, "DeleteDBInstance"), Host.Counter.Count("rds", Host.Dr, "DeleteDBCluster")));
        var clusters = await new AwsCli(Moto.Endpoint).JsonAsync(Host.Dr, "rds", "describe-db-clusters");
        Assert.DoesNotContain(clusters.GetProperty("DBClusters").EnumerateArray(), c => c.GetProperty("DBClusterIdentifier").GetString() == name && c.GetProperty("Status").GetString() != "deleting");
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.rds.delete-cluster" && a.Result == "succeeded");
        Assert.Contains(await Host.AuditAsync(), a => a.Action == "runbook.rds.delete-cluster" && a.Result == "denied");
    }

    [Fact]
    public async Task DeleteCluster_ClusterNotOurs_RefusedAndKept()
    {
        var context = Context(App, ExecutionMode.Production, new Dictionary<string, string> { ["region"] = Host.Dr, ["dbCluster"] = "fanout-stand-in" });

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => Host.Action("rds.delete-cluster").ExecuteAsync(context, default));

        Assert.Equal(("NotOwned", false), (failure.Code, failure.Retryable));
        Assert.Contains("dr:managed-by", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, Host.Counter.Count("rds", "*", "DeleteDBCluster"));
        Assert.Single(await Host.Rds.DescribeDBClustersAsync(Host.Dr, new DbClusterQuery("fanout-stand-in")));
    }

    [Fact]
    public async Task RestoreFromCopy_ExpandedStepId_RecoveredAndCopyOutputs_StepTagKeepsTheItem()
    {
        var context = Context(App, ExecutionMode.Drill, new Dictionary<string, string>
        {
            ["region"] = Host.Dr, ["sourceDbInstance"] = "catalog-db", ["targetName"] = "catalog-db",
        }, step: RunbookExpansion.ExpandedId("restore-db", "catalog-db"));

        var result = await Host.Action("rds.restore-from-copy").ExecuteAsync(context, default);

        Assert.Equal(result.Outputs["dbInstance"], result.Outputs[WellKnownOutputs.Recovered]);
        Assert.Equal(result.Outputs["snapshot"], result.Outputs[WellKnownOutputs.Copy]);
        var instance = Assert.Single(await Host.Rds.DescribeDBInstancesAsync(Host.Dr, new DbInstanceQuery(result.Outputs["dbInstance"])));
        Assert.Equal("restore-db:catalog-db", instance.Tags["dr:step"]);
        var undo = Context(App, ExecutionMode.Drill, new Dictionary<string, string> { ["region"] = Host.Dr, ["dbInstance"] = result.Outputs["dbInstance"] }, context.ExecutionId);
        await Host.Action("rds.delete-instance").ExecuteAsync(undo, default);
    }

    [Fact]
    public async Task CreateReplica_TargetNameBuiltFromASourceArn_NamedByItsNamePart()
    {
        var context = Context("orders", ExecutionMode.Production, new Dictionary<string, string>
        {
            ["sourceDbInstance"] = "orders-db-dr", ["sourceRegion"] = Host.Dr, ["region"] = Host.Primary,
            ["targetName"] = "arn:aws:rds:us-east-1:123456789012:db:orders-db-failback",
        }, step: RunbookExpansion.ExpandedId("reprotect", "orders-db-dr"));

        var plan = await Host.Action("rds.create-replica").PlanAsync(context, default);

        Assert.Equal("orders-db-failback", plan.Single(c => c.Operation == "CreateDBInstanceReadReplica").Target);
    }
}
