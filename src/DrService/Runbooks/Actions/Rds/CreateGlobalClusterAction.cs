using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.create-global-cluster</c> (failback, production): CreateGlobalCluster <c>globalCluster</c> in <c>region</c>
/// with <c>sourceCluster</c> (the ARN of the cluster a failover detached and promoted) as its primary. Idempotent: a
/// global database of that id that already lists the source is success; one that does not fails
/// (<c>GlobalClusterAlreadyExists</c>), never adopted. Outputs <c>globalCluster</c>, <c>globalClusterArn</c> and
/// <c>created</c> empty (the global database is production's; no undo). Audited.
/// </summary>
public sealed class CreateGlobalClusterAction(ActionServices services) : StepAction(services)
{
    public override string Name => "rds.create-global-cluster";

    public override ActionSchema Schema { get; } = new(["globalCluster", "sourceCluster", "region"], [], ["globalCluster", "globalClusterArn", WellKnownOutputs.Created]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("rds", "DescribeGlobalClusters", Shown(context, "region"), Shown(context, "globalCluster"), "does it exist already"),
        new("rds", "CreateGlobalCluster", Shown(context, "region"), Shown(context, "globalCluster"), $"primary: {Shown(context, "sourceCluster")}"),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) =>
        await FindAsync(context, cancellationToken) is { } global && Lists(global, context.Input("sourceCluster")) ? Result(global) : null;

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("globalCluster");
        var source = context.Input("sourceCluster");
        if (await FindAsync(context, cancellationToken) is { } existing)
        {
            if (Lists(existing, source))
            {
                await context.Log($"Global database {id} already exists with {source} as a member.", cancellationToken);
                return Result(existing);
            }
            throw new StepFailedException("GlobalClusterAlreadyExists", $"A global database {id} exists without {source}; choose another identifier or remove it.");
        }
        try
        {
            var created = await Services.Rds.CreateGlobalClusterAsync(region, id, source, Services.Account(context), cancellationToken);
            await Services.AuditAsync(context, Name, created.Arn ?? id, "succeeded", $"global database {id} created from {source}", cancellationToken);
            await context.Log($"Created global database {id} in {region} from {source}.", cancellationToken);
            return Result(created);
        }
        catch (AwsServiceException ex)
        {
            await Services.AuditAsync(context, Name, id, "failed", ex.ErrorCode, cancellationToken);
            throw;
        }
    }

    private async Task<GlobalCluster?> FindAsync(StepContext context, CancellationToken cancellationToken)
    {
        var id = context.Input("globalCluster");
        try
        {
            var found = await Services.Rds.DescribeGlobalClustersAsync(context.Input("region"), id, Services.Account(context), cancellationToken);
            return found.FirstOrDefault(g => string.Equals(g.Identifier, id, StringComparison.OrdinalIgnoreCase));
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, "GlobalClusterNotFound"))
        {
            return null;
        }
    }

    private static bool Lists(GlobalCluster global, string source) =>
        global.Members.Any(m => string.Equals(m.DBClusterArn, source, StringComparison.Ordinal));

    private static StepResult Result(GlobalCluster global) => new(new Dictionary<string, string>
    {
        ["globalCluster"] = global.Identifier,
        ["globalClusterArn"] = global.Arn ?? "",
        [WellKnownOutputs.Created] = "",
    }, $"global database {global.Identifier} exists");
}
