using DrService.Aws.Rds;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.restore-from-copy</c> (tier B failover, tier A drill): RestoreDBInstanceFromDBSnapshot in <c>region</c>
/// of <c>snapshot</c> when given, else of the newest available DR copy of <c>sourceDbInstance</c> (found by the
/// backup copies' ownership tags). The new instance is <c>targetName</c> (with the drill id in drills), tagged with
/// the execution. Does not wait (<c>rds.wait-available</c> does). Outputs <c>dbInstance</c>, <c>endpoint</c> (empty
/// until RDS assigns it), <c>snapshot</c> and <c>copy</c>, <c>recoveryPoint</c> (the source backup's time),
/// <c>recovered</c> (the instance id), <c>created</c> (the instance ARN). Per item (<c>forEach: databases</c>): one
/// step per source instance, <c>targetName</c> and <c>sourceDbInstance</c> from the item; the name is the item's and
/// the tags carry the expanded step id, so each database is found again by its own step. Undo:
/// <c>rds.delete-instance</c>. Calls only <c>region</c>.
/// </summary>
public sealed class RestoreFromCopyAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.restore-from-copy";

    public override ActionSchema Schema { get; } = new(
        ["region", "targetName"],
        ["sourceDbInstance", "snapshot", "dbInstanceClass", "subnetGroup", "securityGroupIds"],
        ["dbInstance", "endpoint", "snapshot", WellKnownOutputs.Copy, WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Recovered, WellKnownOutputs.Created]);

    public static string InstanceName(StepContext context) => RunbookTags.Name(context, context.Input("targetName"));

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var target = context.OptionalInput("targetName") is null ? "(targetName)" : InstanceName(context);
        var from = context.OptionalInput("snapshot") ?? $"newest DR copy of {Shown(context, "sourceDbInstance")}";
        List<PlannedCall> calls = [];
        if (context.OptionalInput("snapshot") is null)
        {
            calls.Add(new("rds", "DescribeDBSnapshots", region, Shown(context, "sourceDbInstance"), "DrService's copies, newest available"));
        }
        calls.Add(new("rds", "RestoreDBInstanceFromDBSnapshot", region, target, $"from {from}"));
        return calls;
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instance = await RdsLookups.InstanceAsync(Services, context.Input("region"), InstanceName(context), Services.Account(context), cancellationToken);
        return instance is not null && RdsLookups.IsOurs(instance.Tags, context) ? Result(instance) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var account = Services.Account(context);
        var name = InstanceName(context);
        var existing = await RdsLookups.InstanceAsync(Services, region, name, account, cancellationToken);
        if (existing is not null)
        {
            return RdsLookups.IsOurs(existing.Tags, context)
                ? Result(existing)
                : throw new StepFailedException("DBInstanceAlreadyExists", $"DB instance {name} in {region} exists and was not made by execution {context.ExecutionId}; choose another targetName.");
        }

        var (snapshotId, point) = await SourceAsync(context, region, account, cancellationToken);
        var tags = RunbookTags.For(context);
        tags[RunbookTags.RecoveryPoint] = point;
        tags[OwnershipTags.SourceId] = snapshotId;
        if (context.OptionalInput("sourceDbInstance") is { } source)
        {
            tags[OwnershipTags.ResourceId] = source;
        }
        DbInstance restored;
        try
        {
            restored = await Services.Rds.RestoreDBInstanceFromDBSnapshotAsync(region, new DbInstanceRestore(
                name,
                snapshotId,
                context.OptionalInput("dbInstanceClass"),
                context.OptionalInput("subnetGroup"),
                ActionInputs.List(context.OptionalInput("securityGroupIds")) is { Count: > 0 } groups ? groups : null,
                Tags: tags), account, cancellationToken);
        }
        catch (Aws.Errors.AwsServiceException ex)
        {
            await Services.AuditAsync(context, Name, name, "failed", $"{ex.ErrorCode} restoring from {snapshotId}", cancellationToken);
            throw;
        }
        await Services.AuditAsync(context, Name, restored.Arn, "succeeded", $"restored from {snapshotId} (data of {point})", cancellationToken);
        await context.Log($"Restoring {name} in {region} from {snapshotId} (data of {point}).", cancellationToken);
        return Result(restored);
    }

    /// <summary>The snapshot to restore and the time of its data.</summary>
    private async Task<(string Snapshot, string RecoveryPoint)> SourceAsync(StepContext context, string region, string account, CancellationToken cancellationToken)
    {
        if (context.OptionalInput("snapshot") is { } given)
        {
            var snapshot = await RdsLookups.SnapshotAsync(Services, region, given, account, cancellationToken)
                ?? throw new StepFailedException("DBSnapshotNotFound", $"No snapshot {given} in {region}.");
            var at = snapshot.Tags.TryGetValue(OwnershipTags.SourceCreated, out var created)
                ? created
                : ActionInputs.Time(snapshot.OriginalSnapshotCreateTime ?? snapshot.SnapshotCreateTime ?? Services.Time.GetUtcNow());
            return (snapshot.Identifier, at);
        }
        var source = context.OptionalInput("sourceDbInstance")
            ?? throw new StepFailedException("MissingInput", $"Step '{context.StepId}' needs 'snapshot' or 'sourceDbInstance'.");
        var copy = await RdsLookups.NewestCopyAsync(Services, context, region, source, cancellationToken)
            ?? throw new StepFailedException("NoCopy", $"No available DR copy of DB instance {source} for {context.Application} in {region}.");
        return (copy.Id, ActionInputs.Time(copy.SourceCreatedAt));
    }

    private static StepResult Result(DbInstance instance) => new(new Dictionary<string, string>
    {
        ["dbInstance"] = instance.Identifier,
        ["endpoint"] = RdsLookups.Endpoint(instance),
        ["snapshot"] = instance.Tags.GetValueOrDefault(OwnershipTags.SourceId) ?? "",
        [WellKnownOutputs.Copy] = instance.Tags.GetValueOrDefault(OwnershipTags.SourceId) ?? "",
        [WellKnownOutputs.RecoveryPoint] = instance.Tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? "",
        [WellKnownOutputs.Recovered] = instance.Identifier,
        [WellKnownOutputs.Created] = instance.Arn,
    }, $"{instance.Identifier} is {instance.Status}");
}
