using DrService.Aws.Errors;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.delete-snapshot</c> (undo of <c>rds.snapshot-instance</c>): DeleteDBSnapshot of <c>snapshot</c> in
/// <c>region</c>, refused (not retryable) unless the snapshot carries <c>dr:managed-by=drservice</c> and this
/// drill's <c>dr:drill-id</c> (or, outside drills, this execution's <c>dr:execution-id</c>). Gone already is done.
/// </summary>
public sealed class DeleteSnapshotAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.delete-snapshot";

    public override ActionSchema Schema { get; } = new(["snapshot", "region"], [], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("rds", "DescribeDBSnapshots", Shown(context, "region"), Shown(context, "snapshot"), "ownership check"),
        new("rds", "DeleteDBSnapshot", Shown(context, "region"), Shown(context, "snapshot")),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) =>
        await RdsLookups.SnapshotAsync(Services, context.Input("region"), context.Input("snapshot"), Services.Account(context), cancellationToken) is null
            ? StepResult.Empty
            : null;

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("snapshot");
        var account = Services.Account(context);
        var snapshot = await RdsLookups.SnapshotAsync(Services, region, id, account, cancellationToken);
        if (snapshot is null)
        {
            return new StepResult(new Dictionary<string, string>(), $"snapshot {id} is already gone");
        }
        if (!RunbookTags.BelongsTo(snapshot.Tags, context, out var why))
        {
            await Services.AuditAsync(context, Name, snapshot.Arn, "denied", why, cancellationToken);
            throw new StepFailedException("NotOwned", $"Refusing to delete snapshot {id} in {region}: {why}.");
        }
        try
        {
            await Services.Rds.DeleteDBSnapshotAsync(region, id, account, cancellationToken);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "DBSnapshotNotFound"))
        {
            // Deleted in between: the goal is reached.
        }
        await Services.AuditAsync(context, Name, snapshot.Arn, "succeeded", null, cancellationToken);
        await context.Log($"Deleted snapshot {id} in {region}.", cancellationToken);
        return new StepResult(new Dictionary<string, string>(), $"deleted snapshot {id}");
    }
}
