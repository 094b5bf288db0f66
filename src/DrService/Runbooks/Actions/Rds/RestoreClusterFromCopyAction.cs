using DrService.Aws.Rds;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.restore-cluster-from-copy</c> (one item of <c>forEach: clusters</c>): RestoreDBClusterFromSnapshot in
/// <c>region</c> from the newest available DR cluster snapshot copy of <c>sourceCluster</c> (by <c>dr:resource-id</c>),
/// named <c>targetName</c> (with the drill id in drills), then CreateDBInstance of its writer,
/// <c>{targetName}-writer</c>, of <c>instanceClass</c> in that cluster. A restored Aurora cluster has no instance
/// until one is created: without it nothing can connect. Both carry the execution and step tags, so a re-run (or a
/// retry after the writer failed) finds the cluster and creates only what is missing. Does not wait
/// (<c>rds.wait-cluster-available</c> does). Outputs <c>dbCluster</c>, <c>writer</c>, <c>writerEndpoint</c> (empty
/// until RDS assigns it), <c>copy</c> (the cluster snapshot), <c>recoveryPoint</c> (its source time),
/// <c>recovered</c> (the cluster id), <c>created</c> (the cluster's and the writer's ARNs). Undo:
/// <c>rds.delete-cluster</c>. Calls only <c>region</c>.
/// </summary>
public sealed class RestoreClusterFromCopyAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.restore-cluster-from-copy";

    public override ActionSchema Schema { get; } = new(
        ["region", "sourceCluster", "targetName"],
        ["engine", "instanceClass", "subnetGroup", "securityGroupIds"],
        ["dbCluster", "writer", "writerEndpoint", WellKnownOutputs.Copy, WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Recovered, WellKnownOutputs.Created]);

    /// <summary>
    /// The cluster's identifier: RunbookTags.Name keeps it a valid one. AWS (botocore rds 2014-10-31,
    /// RestoreDBClusterFromSnapshotMessage.DBClusterIdentifier): "1 to 63 letters, numbers, or hyphens; first character
    /// must be a letter; can't end with a hyphen or contain two consecutive hyphens".
    /// </summary>
    public static string ClusterName(StepContext context) => RunbookTags.Name(context, context.Input("targetName"));

    /// <summary>The writer instance's identifier (the same rules, CreateDBInstanceMessage.DBInstanceIdentifier).</summary>
    public static string WriterName(StepContext context) => RunbookTags.Name(context, context.Input("targetName") + "-writer");

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var (cluster, writer) = context.OptionalInput("targetName") is null ? ("(targetName)", "(targetName)-writer") : (ClusterName(context), WriterName(context));
        return
        [
            new("rds", "DescribeDBClusters", region, cluster, "restored before by this step?"),
            new("rds", "DescribeDBClusterSnapshots", region, Shown(context, "sourceCluster"), "DrService's cluster copies, newest available"),
            new("rds", "RestoreDBClusterFromSnapshot", region, cluster, $"from the newest DR copy of {Shown(context, "sourceCluster")}"),
            new("rds", "CreateDBInstance", region, writer, $"{Shown(context, "instanceClass")} writer in {cluster}"),
        ];
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var account = Services.Account(context);
        var cluster = await RdsLookups.ClusterAsync(Services, region, ClusterName(context), account, cancellationToken);
        if (cluster is null || !RdsLookups.IsOurs(cluster.Tags, context) || cluster.Status == "deleting")
        {
            return null;
        }
        var writer = await RdsLookups.InstanceAsync(Services, region, WriterName(context), account, cancellationToken);
        return writer is not null && RdsLookups.IsOurs(writer.Tags, context) ? Result(cluster, writer) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var account = Services.Account(context);
        var name = ClusterName(context);
        var cluster = await RdsLookups.ClusterAsync(Services, region, name, account, cancellationToken);
        if (cluster is not null && !RdsLookups.IsOurs(cluster.Tags, context))
        {
            throw new StepFailedException("DBClusterAlreadyExists", $"DB cluster {name} in {region} exists and was not made by execution {context.ExecutionId}; choose another targetName.");
        }
        cluster ??= await RestoreAsync(context, region, account, name, cancellationToken);

        var writerName = WriterName(context);
        var writer = await RdsLookups.InstanceAsync(Services, region, writerName, account, cancellationToken);
        if (writer is not null && !RdsLookups.IsOurs(writer.Tags, context))
        {
            throw new StepFailedException("DBInstanceAlreadyExists", $"DB instance {writerName} in {region} exists and was not made by execution {context.ExecutionId}.");
        }
        writer ??= await CreateWriterAsync(context, region, account, cluster, writerName, cancellationToken);
        return Result(await RdsLookups.ClusterAsync(Services, region, name, account, cancellationToken) ?? cluster, writer);
    }

    private async Task<DbCluster> RestoreAsync(StepContext context, string region, string account, string name, CancellationToken cancellationToken)
    {
        var source = context.Input("sourceCluster");
        var copy = await RdsLookups.NewestClusterCopyAsync(Services, context, region, source, cancellationToken)
            ?? throw new StepFailedException("NoCopy", $"No available DR copy of DB cluster {source} for {context.Application} in {region}.");
        // Engine is required by RestoreDBClusterFromSnapshot (botocore rds 2014-10-31: "Must be compatible with the
        // engine of the source"): the item's engine, else the snapshot's own.
        var engine = context.OptionalInput("engine") ?? await SnapshotEngineAsync(region, copy.Id, account, cancellationToken)
            ?? throw new StepFailedException("MissingInput", $"Step '{context.StepId}': no engine given and snapshot {copy.Id} names none.");
        var point = ActionInputs.Time(copy.SourceCreatedAt);
        var tags = RunbookTags.For(context);
        tags[RunbookTags.RecoveryPoint] = point;
        tags[OwnershipTags.SourceId] = copy.Id;
        tags[OwnershipTags.ResourceId] = source;
        DbCluster restored;
        try
        {
            restored = await Services.Rds.RestoreDBClusterFromSnapshotAsync(region, new DbClusterRestore(
                name,
                copy.Id,
                engine,
                context.OptionalInput("subnetGroup"),
                ActionInputs.List(context.OptionalInput("securityGroupIds")) is { Count: > 0 } groups ? groups : null,
                tags), account, cancellationToken);
        }
        catch (Aws.Errors.AwsServiceException ex)
        {
            await Services.AuditAsync(context, Name, name, "failed", $"{ex.ErrorCode} restoring from {copy.Id}", cancellationToken);
            throw;
        }
        await Services.AuditAsync(context, Name, restored.Arn, "succeeded", $"cluster restored from {copy.Id} (copy of {source}, data of {point})", cancellationToken);
        await context.Log($"Restoring cluster {name} in {region} from {copy.Id} (cluster {source}, data of {point}).", cancellationToken);
        // The restore response may not echo the tags; the rest of the step reads them.
        return restored.Tags.ContainsKey(RunbookTags.ExecutionId) ? restored : restored with { Tags = tags };
    }

    private async Task<string?> SnapshotEngineAsync(string region, string snapshot, string account, CancellationToken cancellationToken)
    {
        var found = await Services.Rds.DescribeDBClusterSnapshotsAsync(region, new DbClusterSnapshotQuery(SnapshotIdentifier: snapshot), account, cancellationToken);
        return found.Count > 0 && found[0].Engine is { Length: > 0 } engine ? engine : null;
    }

    /// <summary>
    /// The writer: CreateDBInstance with DBClusterIdentifier and the cluster's Engine, and no master user or storage
    /// (botocore rds 2014-10-31 CreateDBInstanceMessage: MasterUsername and AllocatedStorage "don't apply to Amazon
    /// Aurora DB instances"; the cluster manages them).
    /// </summary>
    private async Task<DbInstance> CreateWriterAsync(StepContext context, string region, string account, DbCluster cluster, string writerName, CancellationToken cancellationToken)
    {
        var instanceClass = context.Input("instanceClass");
        var tags = RunbookTags.For(context);
        tags[OwnershipTags.ResourceId] = context.Input("sourceCluster");
        DbInstance writer;
        try
        {
            writer = await Services.Rds.CreateDBInstanceAsync(region, new DbInstanceCreate(
                writerName, instanceClass, cluster.Engine, MasterUsername: null, MasterUserPassword: null, Tags: tags, DBClusterIdentifier: cluster.Identifier), account, cancellationToken);
        }
        catch (Aws.Errors.AwsServiceException ex)
        {
            await Services.AuditAsync(context, $"{Name}.writer", writerName, "failed", $"{ex.ErrorCode} creating the {instanceClass} writer of {cluster.Identifier}", cancellationToken);
            throw;
        }
        await Services.AuditAsync(context, $"{Name}.writer", writer.Arn, "succeeded", $"{instanceClass} writer of {cluster.Identifier}", cancellationToken);
        await context.Log($"Creating writer {writerName} ({instanceClass}) in cluster {cluster.Identifier}.", cancellationToken);
        return writer.Tags.ContainsKey(RunbookTags.ExecutionId) ? writer : writer with { Tags = tags };
    }

    private static StepResult Result(DbCluster cluster, DbInstance writer) => new(new Dictionary<string, string>
    {
        ["dbCluster"] = cluster.Identifier,
        ["writer"] = writer.Identifier,
        ["writerEndpoint"] = cluster.Endpoint ?? "",
        [WellKnownOutputs.Copy] = cluster.Tags.GetValueOrDefault(OwnershipTags.SourceId) ?? "",
        [WellKnownOutputs.RecoveryPoint] = cluster.Tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? "",
        [WellKnownOutputs.Recovered] = cluster.Identifier,
        [WellKnownOutputs.Created] = $"{cluster.Arn},{writer.Arn}",
    }, $"cluster {cluster.Identifier} is {cluster.Status}, writer {writer.Identifier} is {writer.Status}");
}
