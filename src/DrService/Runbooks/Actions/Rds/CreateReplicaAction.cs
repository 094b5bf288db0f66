using DrService.Aws.Rds;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.create-replica</c> (failback, re-protect): CreateDBInstanceReadReplica named <c>targetName</c> in
/// <c>region</c> (the ORIGINAL primary region) from <c>sourceDbInstance</c> (the promoted instance) in
/// <c>sourceRegion</c> (the DR region). Cross-region: the source is named by ARN and the request carries a
/// PreSignedUrl. Does not wait (<c>rds.wait-available</c> does). Outputs <c>dbInstance</c>, <c>endpoint</c>,
/// <c>created</c>. Failback only: this action calls the original region, so no failover runbook may use it.
/// </summary>
public sealed class CreateReplicaAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.create-replica";

    public override ActionSchema Schema { get; } = new(
        ["sourceDbInstance", "sourceRegion", "region", "targetName"],
        ["dbInstanceClass", "subnetGroup", "kmsKeyId"],
        ["dbInstance", "endpoint", WellKnownOutputs.Created]);

    /// <summary>
    /// <c>targetName</c>, or the name part of it when it was built from an ARN: a fan-out item's source may be the
    /// primary database's ARN (a cross-region replica names its source by ARN), and <c>${item.source}-failback</c> then
    /// reads <c>arn:aws:rds:REGION:ACCOUNT:db:NAME-failback</c>. RDS DB instance identifiers are 1 to 63 letters,
    /// digits or hyphens (CreateDBInstanceReadReplica, DBInstanceIdentifier: "Must contain from 1 to 63 letters,
    /// numbers, or hyphens", botocore rds model): a source already at 63 characters plus "-failback" is shortened with
    /// a hash suffix, deterministically, so a re-run finds it.
    /// </summary>
    public static string TargetName(StepContext context)
    {
        var text = context.Input("targetName");
        var name = text.StartsWith("arn:", StringComparison.Ordinal) ? text[(text.LastIndexOf(':') + 1)..] : text;
        return name.Length <= 63 ? name : Backups.Drivers.CopyNames.Identifier(name, name, 63);
    }

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("rds", "DescribeDBInstances", Shown(context, "sourceRegion"), Shown(context, "sourceDbInstance"), "the source's ARN"),
        new("rds", "CreateDBInstanceReadReplica", Shown(context, "region"), context.OptionalInput("targetName") is null ? "(targetName)" : TargetName(context), $"replica of {Shown(context, "sourceDbInstance")} in {Shown(context, "sourceRegion")}"),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var replica = await RdsLookups.InstanceAsync(Services, context.Input("region"), TargetName(context), Services.Account(context), cancellationToken);
        return replica is not null && RdsLookups.IsOurs(replica.Tags, context) ? Result(replica) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var sourceRegion = context.Input("sourceRegion");
        var name = TargetName(context);
        var account = Services.Account(context);
        if (await RdsLookups.InstanceAsync(Services, region, name, account, cancellationToken) is { } existing)
        {
            return RdsLookups.IsOurs(existing.Tags, context)
                ? Result(existing)
                : throw new StepFailedException("DBInstanceAlreadyExists", $"DB instance {name} in {region} exists and was not made by execution {context.ExecutionId}; choose another targetName.");
        }
        var sourceId = context.Input("sourceDbInstance");
        var source = await RdsLookups.InstanceAsync(Services, sourceRegion, sourceId, account, cancellationToken)
            ?? throw new StepFailedException("DBInstanceNotFound", $"No DB instance {sourceId} in {sourceRegion} to replicate from.");
        var tags = RunbookTags.For(context);
        tags.Remove(OwnershipTags.ManagedBy); // the new replica is production's protection, not a resource an undo may delete
        tags[OwnershipTags.ResourceId] = sourceId;
        var crossRegion = !string.Equals(region, sourceRegion, StringComparison.Ordinal);
        var created = await Services.Rds.CreateDBInstanceReadReplicaAsync(region, new DbReadReplicaCreate(
            name,
            crossRegion ? source.Arn : source.Identifier,
            crossRegion ? sourceRegion : null,
            context.OptionalInput("dbInstanceClass"),
            context.OptionalInput("kmsKeyId"),
            DBSubnetGroupName: context.OptionalInput("subnetGroup"),
            Tags: tags), account, cancellationToken);
        await Services.AuditAsync(context, Name, created.Arn, "succeeded", $"read replica of {source.Arn}", cancellationToken);
        await context.Log($"Creating read replica {name} in {region} of {sourceId} in {sourceRegion}.", cancellationToken);
        return Result(created);
    }

    private static StepResult Result(DbInstance instance) => new(new Dictionary<string, string>
    {
        ["dbInstance"] = instance.Identifier,
        ["endpoint"] = RdsLookups.Endpoint(instance),
        [WellKnownOutputs.Created] = instance.Arn,
    }, $"replica {instance.Identifier} is {instance.Status}");
}
