using DrService.Aws.CloudWatch;
using DrService.Aws.Errors;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.promote-replica</c> (tier A failover, production): PromoteReadReplica of <c>replica</c> in <c>region</c>
/// (the DR region), then waits until RDS no longer reports a replication source. The recovery point is now minus
/// the replica's last <c>ReplicaLag</c> (CloudWatch in the DR region; now when unknown), stored on the instance as a
/// tag so a re-check after a crash reads the same value. Per item (<c>forEach: replicas</c>, <c>replica: ${item.replica}</c>)
/// each replica is its own step. Outputs <c>dbInstance</c>, <c>endpoint</c>, <c>recoveryPoint</c> and <c>recovered</c>
/// (the promoted instance's id); nothing is created, so no <c>created</c> and no undo. Calls only the DR region.
/// </summary>
public sealed class PromoteReplicaAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.promote-replica";

    public override ActionSchema Schema { get; } = new(["replica", "region"], ["timeout"], ["dbInstance", "endpoint", WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Recovered]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var replica = Shown(context, "replica");
        return
        [
            new("monitoring", "GetMetricData", region, replica, "ReplicaLag, for the recovery point"),
            new("rds", "PromoteReadReplica", region, replica),
            new("rds", "AddTagsToResource", region, replica, "execution and recovery point tags"),
            new("rds", "DescribeDBInstances", region, replica, "until it is no longer a replica"),
        ];
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var instance = await RdsLookups.InstanceAsync(Services, region, context.Input("replica"), Services.Account(context), cancellationToken);
        if (instance is null || !IsPromoted(instance, context))
        {
            return null;
        }
        var point = instance.Tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? ActionInputs.Time(Services.Time.GetUtcNow());
        return Result(instance, point);
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("replica");
        var account = Services.Account(context);
        var instance = await RdsLookups.InstanceAsync(Services, region, id, account, cancellationToken)
            ?? throw new StepFailedException("DBInstanceNotFound", $"No DB instance {id} in {region} to promote.");
        if (IsPromoted(instance, context))
        {
            await context.Log($"{id} in {region} is not a read replica (already promoted).", cancellationToken);
            return Result(instance, instance.Tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? ActionInputs.Time(Services.Time.GetUtcNow()));
        }

        var lag = await LagAsync(region, id, account, cancellationToken);
        var point = ActionInputs.Time(Services.Time.GetUtcNow() - (lag ?? TimeSpan.Zero));
        try
        {
            await Services.Rds.PromoteReadReplicaAsync(region, id, account: account, cancellationToken: cancellationToken);
            await Services.AuditAsync(context, Name, instance.Arn, "succeeded", $"promoted read replica of {instance.ReadReplicaSourceDBInstanceIdentifier}; lag {lag?.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} s", cancellationToken);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "InvalidDBInstanceState"))
        {
            // A promotion already under way (an earlier attempt): wait for it below.
            await context.Log($"PromoteReadReplica: {ex.ErrorCode} ({ex.AwsMessage}); waiting for the promotion in progress.", cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            await Services.AuditAsync(context, Name, instance.Arn, "failed", ex.ErrorCode, cancellationToken);
            throw;
        }
        var tags = RunbookTags.For(context);
        tags[RunbookTags.RecoveryPoint] = point;
        tags.Remove(Backups.Model.OwnershipTags.ManagedBy); // the promoted database is production's, not a resource DrService may delete
        await Services.Rds.AddTagsToResourceAsync(region, instance.Arn, tags, account, cancellationToken);
        await context.Log($"Promoted {id} in {region}; recovery point {point} (replica lag {(lag is null ? "unknown" : lag.Value.TotalSeconds + " s")}).", cancellationToken);

        var promoted = await Services.WaitForAsync($"{id} to stop replicating", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            var now = await RdsLookups.InstanceAsync(Services, region, id, account, cancellationToken);
            return now is not null && IsPromoted(now, context) ? now : null;
        }, cancellationToken);
        return Result(promoted, point);
    }

    /// <summary>
    /// No replication source any more. Only with the <see cref="Aws.Configuration.EmulatorQuirks.PromotedReplicaKeepsSource"/>
    /// quirk (moto never clears it): available and tagged with this execution's promotion.
    /// </summary>
    private bool IsPromoted(Aws.Rds.DbInstance instance, StepContext context) =>
        !instance.IsReadReplica
        || (Services.Settings.Quirks.PromotedReplicaKeepsSource && instance.Status == "available" && instance.Tags.ContainsKey(RunbookTags.RecoveryPoint) && RdsLookups.IsOurs(instance.Tags, context));

    private async Task<TimeSpan?> LagAsync(string region, string replica, string account, CancellationToken cancellationToken)
    {
        try
        {
            var latest = await Services.CloudWatch.GetLatestAsync(region, MetricSeries.RdsReplicaLag with { Stat = "Maximum" }, [replica], TimeSpan.FromMinutes(15), account, cancellationToken);
            return latest.GetValueOrDefault(replica) is { Value: >= 0 } point ? TimeSpan.FromSeconds(point.Value) : null;
        }
        catch (AwsServiceException)
        {
            return null; // the lag only refines the recovery point; the promotion must not wait for CloudWatch
        }
    }

    private static StepResult Result(Aws.Rds.DbInstance instance, string recoveryPoint) => new(new Dictionary<string, string>
    {
        ["dbInstance"] = instance.Identifier,
        ["endpoint"] = RdsLookups.Endpoint(instance),
        [WellKnownOutputs.RecoveryPoint] = recoveryPoint,
        [WellKnownOutputs.Recovered] = instance.Identifier,
    }, $"{instance.Identifier} is a standalone instance");
}
