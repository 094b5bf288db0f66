using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.delete-cluster</c> (undo of <c>rds.restore-cluster-from-copy</c>): deletes the instances of <c>dbCluster</c>
/// in <c>region</c> (DeleteDBInstance, no final snapshot), waits until the cluster has none, then DeleteDBCluster with
/// SkipFinalSnapshot. The cluster and every member are checked first: unless each carries
/// <c>dr:managed-by=drservice</c> and this drill's <c>dr:drill-id</c> (outside drills: this execution's
/// <c>dr:execution-id</c>), nothing is deleted (NotOwned, not retryable). Gone (or deleting) already is done.
/// </summary>
public sealed class DeleteClusterAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.delete-cluster";

    public override ActionSchema Schema { get; } = new(["dbCluster", "region"], ["timeout"], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("rds", "DescribeDBClusters", Shown(context, "region"), Shown(context, "dbCluster"), "ownership check, its members"),
        new("rds", "DescribeDBInstances", Shown(context, "region"), Shown(context, "dbCluster"), "each member's ownership"),
        new("rds", "DeleteDBInstance", Shown(context, "region"), Shown(context, "dbCluster"), "each member, SkipFinalSnapshot"),
        new("rds", "DeleteDBCluster", Shown(context, "region"), Shown(context, "dbCluster"), "once it has no instance, SkipFinalSnapshot"),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var cluster = await RdsLookups.ClusterAsync(Services, context.Input("region"), context.Input("dbCluster"), Services.Account(context), cancellationToken);
        return cluster is null || cluster.Status == "deleting" ? StepResult.Empty : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("dbCluster");
        var account = Services.Account(context);
        var cluster = await RdsLookups.ClusterAsync(Services, region, id, account, cancellationToken);
        if (cluster is null || cluster.Status == "deleting")
        {
            return new StepResult(new Dictionary<string, string>(), $"{id} is already gone");
        }
        if (!RunbookTags.BelongsTo(cluster.Tags, context, out var why))
        {
            await Services.AuditAsync(context, Name, cluster.Arn, "denied", why, cancellationToken);
            throw new StepFailedException("NotOwned", $"Refusing to delete DB cluster {id} in {region}: {why}.");
        }
        var members = new List<DbInstance>();
        foreach (var member in cluster.Members)
        {
            var instance = await RdsLookups.InstanceAsync(Services, region, member.DBInstanceIdentifier, account, cancellationToken);
            if (instance is null)
            {
                continue;
            }
            if (!RunbookTags.BelongsTo(instance.Tags, context, out var instanceWhy))
            {
                await Services.AuditAsync(context, Name, instance.Arn, "denied", instanceWhy, cancellationToken);
                throw new StepFailedException("NotOwned", $"Refusing to delete DB cluster {id} in {region}: its instance {instance.Identifier} is not ours ({instanceWhy}).");
            }
            members.Add(instance);
        }
        foreach (var instance in members.Where(i => i.Status != "deleting"))
        {
            try
            {
                await Services.Rds.DeleteDBInstanceAsync(region, instance.Identifier, account, cancellationToken);
            }
            catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBInstanceNotFound"))
            {
                // Gone in between.
            }
            await Services.AuditAsync(context, $"{Name}.instance", instance.Arn, "succeeded", $"member of {id}, SkipFinalSnapshot", cancellationToken);
        }
        // AWS: an Aurora cluster is deleted after its DB instances; DeleteDBCluster with instances left answers
        // InvalidDBClusterStateFault (Aurora User Guide, "Deleting Aurora DB clusters and DB instances",
        // docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html; the fault is in botocore rds
        // 2014-10-31 DeleteDBCluster's errors). So wait until no member is left.
        if (members.Count > 0)
        {
            await Services.WaitForAsync($"the instances of DB cluster {id} to be deleted", ActionInputs.OptionalDuration(context, "timeout"), async () =>
            {
                var now = await RdsLookups.ClusterAsync(Services, region, id, account, cancellationToken);
                if (now is null)
                {
                    return cluster; // the cluster itself is gone already
                }
                foreach (var member in now.Members)
                {
                    if (await RdsLookups.InstanceAsync(Services, region, member.DBInstanceIdentifier, account, cancellationToken) is not null)
                    {
                        return null;
                    }
                }
                return now;
            }, cancellationToken);
        }
        try
        {
            await Services.Rds.DeleteDBClusterAsync(region, id, account, cancellationToken);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBClusterNotFound"))
        {
            // Deleted in between.
        }
        await Services.AuditAsync(context, Name, cluster.Arn, "succeeded", $"SkipFinalSnapshot, after {members.Count} instance(s)", cancellationToken);
        await context.Log($"Deleting DB cluster {id} in {region} (no final snapshot) after its {members.Count} instance(s).", cancellationToken);
        return new StepResult(new Dictionary<string, string>(), $"deleting {id}");
    }
}
