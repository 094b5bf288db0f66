namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.wait-available</c>: polls DescribeDBInstances of <c>dbInstance</c> in <c>region</c> until its status is
/// <c>available</c> (at most <c>timeout</c>, default one hour); fails at once on a terminal status. Outputs
/// <c>dbInstance</c>, <c>endpoint</c>, <c>status</c>.
/// </summary>
public sealed class WaitAvailableAction(ActionServices services) : StepAction(services)
{
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal)
    {
        "failed", "incompatible-restore", "incompatible-parameters", "incompatible-network", "storage-full", "deleting", "inaccessible-encryption-credentials",
    };

    public override string Name => "rds.wait-available";

    public override ActionSchema Schema { get; } = new(["dbInstance", "region"], ["timeout"], ["dbInstance", "endpoint", "status"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
        [new("rds", "DescribeDBInstances", Shown(context, "region"), Shown(context, "dbInstance"), "until available")];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instance = await RdsLookups.InstanceAsync(Services, context.Input("region"), context.Input("dbInstance"), Services.Account(context), cancellationToken);
        return instance is { Status: "available" } ? Result(instance) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("dbInstance");
        var account = Services.Account(context);
        var ready = await Services.WaitForAsync($"DB instance {id} to be available", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            var instance = await RdsLookups.InstanceAsync(Services, region, id, account, cancellationToken)
                ?? throw new StepFailedException("DBInstanceNotFound", $"No DB instance {id} in {region}.");
            if (Terminal.Contains(instance.Status))
            {
                throw new StepFailedException("DBInstanceState", $"DB instance {id} in {region} is {instance.Status}.");
            }
            return instance.Status == "available" ? instance : null;
        }, cancellationToken);
        await context.Log($"{id} in {region} is available at {RdsLookups.Endpoint(ready)}.", cancellationToken);
        return Result(ready);
    }

    private static StepResult Result(Aws.Rds.DbInstance instance) => new(new Dictionary<string, string>
    {
        ["dbInstance"] = instance.Identifier,
        ["endpoint"] = RdsLookups.Endpoint(instance),
        ["status"] = instance.Status,
    }, $"{instance.Identifier} is available");
}
