using DrService.Aws.Rds;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.snapshot-instance</c>: CreateDBSnapshot of <c>dbInstance</c> in <c>region</c>, named
/// <c>drs-{dbInstance}-{step}</c> (+ the drill id in drills), tagged, then waits until it is available. In tier A
/// drills it snapshots the DR replica, so the drill restores real data without touching the replica. Outputs
/// <c>snapshot</c>, <c>recoveryPoint</c> (the snapshot's time), <c>created</c> (its ARN). Undo: <c>rds.delete-snapshot</c>.
/// </summary>
public sealed class SnapshotInstanceAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.snapshot-instance";

    public override ActionSchema Schema { get; } = new(["dbInstance", "region"], ["timeout"], ["snapshot", WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Created]);

    public static string SnapshotName(StepContext context) =>
        RunbookTags.Name(context, $"drs-{context.Input("dbInstance")}-{context.StepId}", 255);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var target = context.OptionalInput("dbInstance") is null ? "(dbInstance)" : SnapshotName(context);
        return
        [
            new("rds", "CreateDBSnapshot", region, target, $"of {Shown(context, "dbInstance")}"),
            new("rds", "DescribeDBSnapshots", region, target, "until available"),
        ];
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var snapshot = await RdsLookups.SnapshotAsync(Services, context.Input("region"), SnapshotName(context), Services.Account(context), cancellationToken);
        return snapshot is { Status: "available" } && RdsLookups.IsOurs(snapshot.Tags, context) ? Result(snapshot) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var account = Services.Account(context);
        var name = SnapshotName(context);
        var existing = await RdsLookups.SnapshotAsync(Services, region, name, account, cancellationToken);
        if (existing is not null && !RdsLookups.IsOurs(existing.Tags, context))
        {
            throw new StepFailedException("DBSnapshotAlreadyExists", $"Snapshot {name} in {region} exists and was not made by execution {context.ExecutionId}.");
        }
        if (existing is null)
        {
            var source = context.Input("dbInstance");
            var tags = RunbookTags.For(context);
            tags[Backups.Model.OwnershipTags.ResourceId] = source;
            var created = await Services.Rds.CreateDBSnapshotAsync(region, source, name, tags, account, cancellationToken);
            await Services.AuditAsync(context, Name, created.Arn, "succeeded", $"snapshot of {source}", cancellationToken);
            await context.Log($"Creating snapshot {name} of {source} in {region}.", cancellationToken);
        }
        var done = await Services.WaitForAsync($"snapshot {name} to be available", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            var now = await RdsLookups.SnapshotAsync(Services, region, name, account, cancellationToken);
            return now?.Status switch
            {
                "available" => now,
                "failed" or "error" => throw new StepFailedException("SnapshotFailed", $"Snapshot {name} in {region} is {now.Status}."),
                _ => null,
            };
        }, cancellationToken);
        return Result(done);
    }

    private StepResult Result(DbSnapshot snapshot) => new(new Dictionary<string, string>
    {
        ["snapshot"] = snapshot.Identifier,
        [WellKnownOutputs.RecoveryPoint] = ActionInputs.Time(snapshot.SnapshotCreateTime ?? Services.Time.GetUtcNow()),
        [WellKnownOutputs.Created] = snapshot.Arn,
    }, $"snapshot {snapshot.Identifier} available");
}
