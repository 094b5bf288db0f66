using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.detach-global-secondary</c> (tier A failover, production only): RemoveFromGlobalCluster of
/// <c>secondaryCluster</c> (the ARN of the global database's member in <c>region</c>, the DR region) from
/// <c>globalCluster</c>, then waits until the cluster is no longer a member, is <c>available</c> and has a writer.
/// <para>
/// This is AWS's "detach and promote" recovery (Aurora User Guide, "Recovering an Amazon Aurora global database from an
/// unplanned outage", manual failover by removing the secondary from the global database): the call is made in the DR
/// region on the DR member and needs nothing from the primary region, so it works with that region dark. A switchover
/// (SwitchoverGlobalCluster, or FailoverGlobalCluster without AllowDataLoss) needs the primary healthy and is for
/// planned moves. FailoverGlobalCluster with AllowDataLoss is AWS's managed outage failover that keeps the global
/// topology; it is not used here (moto does not serve it, and after it the old primary rejoins by itself as a
/// secondary when its region returns: a different failback story, see docs/operations.md "Aurora global databases").
/// </para>
/// Outputs <c>dbCluster</c>, <c>writerEndpoint</c>, <c>recovered</c> (the cluster id) and <c>recoveryPoint</c> (the time
/// of the detach, stored on the cluster as a tag so a re-check reads the same value), <c>created</c> empty: nothing is
/// created and the detach is never undone (failback rebuilds the global database: runbook aurora-global-rebuild).
/// Calls only the DR region.
/// </summary>
public sealed class DetachGlobalSecondaryAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.detach-global-secondary";

    public override ActionSchema Schema { get; } = new(["globalCluster", "secondaryCluster", "region"], ["timeout"],
        ["dbCluster", "writerEndpoint", WellKnownOutputs.Recovered, WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Created]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var global = Shown(context, "globalCluster");
        var secondary = Shown(context, "secondaryCluster");
        return
        [
            new("rds", "DescribeGlobalClusters", region, global, "is the DR cluster still a member"),
            new("rds", "RemoveFromGlobalCluster", region, secondary, $"detach from {global}; it becomes standalone and writable"),
            new("rds", "AddTagsToResource", region, secondary, "execution and recovery point tags"),
            new("rds", "DescribeDBClusters", region, secondary, "until available with a writer"),
        ];
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (region, global, arn) = Inputs(context);
        var account = Services.Account(context);
        if (await IsMemberAsync(region, global, arn, account, cancellationToken))
        {
            return null;
        }
        var cluster = await RdsLookups.ClusterAsync(Services, region, ClusterId(arn), account, cancellationToken);
        return cluster is null || !IsWritable(cluster)
            ? null
            : Result(cluster, cluster.Tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? ActionInputs.Time(Services.Time.GetUtcNow()));
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (region, global, arn) = Inputs(context);
        var id = ClusterId(arn);
        var account = Services.Account(context);
        var cluster = await RdsLookups.ClusterAsync(Services, region, id, account, cancellationToken)
            ?? throw new StepFailedException("DBClusterNotFound", $"No DB cluster {id} in {region} to detach from {global}.");
        string point;
        if (await IsMemberAsync(region, global, arn, account, cancellationToken))
        {
            point = ActionInputs.Time(Services.Time.GetUtcNow());
            try
            {
                await Services.Rds.RemoveFromGlobalClusterAsync(region, global, arn, account, cancellationToken);
                await Services.AuditAsync(context, Name, arn, "succeeded", $"detached from global database {global}", cancellationToken);
            }
            catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "InvalidGlobalClusterState") || RdsSelection.IsCode(ex.ErrorCode, "InvalidDBClusterState"))
            {
                // A detach already under way (an earlier attempt): wait for it below.
                await context.Log($"RemoveFromGlobalCluster: {ex.ErrorCode} ({ex.AwsMessage}); waiting for the detach in progress.", cancellationToken);
            }
            catch (AwsServiceException ex)
            {
                await Services.AuditAsync(context, Name, arn, "failed", ex.ErrorCode, cancellationToken);
                throw;
            }
            var tags = RunbookTags.For(context);
            tags[RunbookTags.RecoveryPoint] = point;
            tags[RunbookTags.DetachedFrom] = global;
            tags.Remove(Backups.Model.OwnershipTags.ManagedBy); // production's database now: no clean-up may delete it
            await Services.Rds.AddTagsToResourceAsync(region, arn, tags, account, cancellationToken);
            await context.Log($"Detached {id} in {region} from global database {global}; recovery point {point}.", cancellationToken);
        }
        else
        {
            point = cluster.Tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? ActionInputs.Time(Services.Time.GetUtcNow());
            await context.Log($"{id} in {region} is not a member of {global} (already detached).", cancellationToken);
        }

        var standalone = await Services.WaitForAsync($"{id} to be standalone and writable", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            if (await IsMemberAsync(region, global, arn, account, cancellationToken))
            {
                return null;
            }
            var now = await RdsLookups.ClusterAsync(Services, region, id, account, cancellationToken);
            return now is not null && IsWritable(now) ? now : null;
        }, cancellationToken);
        return Result(standalone, point);
    }

    private static (string Region, string Global, string Arn) Inputs(StepContext context) =>
        (context.Input("region"), context.Input("globalCluster"), context.Input("secondaryCluster"));

    /// <summary>The cluster id of a cluster ARN (<c>arn:aws:rds:REGION:ACCOUNT:cluster:ID</c>); an id is taken as it is.</summary>
    internal static string ClusterId(string arnOrId) =>
        arnOrId.Split(':') is { Length: 7 } parts && parts[5] == "cluster" ? parts[6] : arnOrId;

    /// <summary>
    /// Whether the global database (read in the DR region: the global data plane answers there) still lists the ARN.
    /// A global database that no longer exists has no members.
    /// </summary>
    private async Task<bool> IsMemberAsync(string region, string global, string arn, string account, CancellationToken cancellationToken)
    {
        IReadOnlyList<GlobalCluster> found;
        try
        {
            found = await Services.Rds.DescribeGlobalClustersAsync(region, global, account, cancellationToken);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "GlobalClusterNotFound"))
        {
            return false;
        }
        return found.Where(g => string.Equals(g.Identifier, global, StringComparison.OrdinalIgnoreCase))
            .SelectMany(g => g.Members).Any(m => string.Equals(m.DBClusterArn, arn, StringComparison.Ordinal));
    }

    /// <summary>Available and with a writer instance: a detached secondary is promoted to a writable cluster.</summary>
    private static bool IsWritable(DbCluster cluster) => cluster.Status == "available" && cluster.Members.Any(m => m.IsClusterWriter);

    private static StepResult Result(DbCluster cluster, string recoveryPoint) => new(new Dictionary<string, string>
    {
        ["dbCluster"] = cluster.Identifier,
        ["writerEndpoint"] = cluster.Endpoint ?? "",
        [WellKnownOutputs.Recovered] = cluster.Identifier,
        [WellKnownOutputs.RecoveryPoint] = recoveryPoint,
        [WellKnownOutputs.Created] = "",
    }, $"{cluster.Identifier} is a standalone, writable cluster");
}
