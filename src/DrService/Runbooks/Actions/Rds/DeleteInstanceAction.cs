using DrService.Aws.Errors;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.delete-instance</c> (undo of <c>rds.restore-from-copy</c>): DeleteDBInstance of <c>dbInstance</c> in
/// <c>region</c> without a final snapshot, refused (not retryable) unless it carries <c>dr:managed-by=drservice</c>
/// and this drill's <c>dr:drill-id</c> (outside drills: this execution's <c>dr:execution-id</c>). A promoted
/// production replica never carries <c>dr:managed-by</c>, so no undo can delete it.
/// </summary>
public sealed class DeleteInstanceAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.delete-instance";

    public override ActionSchema Schema { get; } = new(["dbInstance", "region"], [], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("rds", "DescribeDBInstances", Shown(context, "region"), Shown(context, "dbInstance"), "ownership check"),
        new("rds", "DeleteDBInstance", Shown(context, "region"), Shown(context, "dbInstance"), "SkipFinalSnapshot"),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instance = await RdsLookups.InstanceAsync(Services, context.Input("region"), context.Input("dbInstance"), Services.Account(context), cancellationToken);
        return instance is null || instance.Status is "deleting" ? StepResult.Empty : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("dbInstance");
        var account = Services.Account(context);
        var instance = await RdsLookups.InstanceAsync(Services, region, id, account, cancellationToken);
        if (instance is null || instance.Status == "deleting")
        {
            return new StepResult(new Dictionary<string, string>(), $"{id} is already gone");
        }
        if (!RunbookTags.BelongsTo(instance.Tags, context, out var why))
        {
            await Services.AuditAsync(context, Name, instance.Arn, "denied", why, cancellationToken);
            throw new StepFailedException("NotOwned", $"Refusing to delete DB instance {id} in {region}: {why}.");
        }
        try
        {
            await Services.Rds.DeleteDBInstanceAsync(region, id, account, cancellationToken);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBInstanceNotFound"))
        {
            // Deleted in between.
        }
        await Services.AuditAsync(context, Name, instance.Arn, "succeeded", "SkipFinalSnapshot", cancellationToken);
        await context.Log($"Deleting DB instance {id} in {region} (no final snapshot).", cancellationToken);
        return new StepResult(new Dictionary<string, string>(), $"deleting {id}");
    }
}
