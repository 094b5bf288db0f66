using DrService.Aws.Rds;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>rds.wait-cluster-available</c>: polls DescribeDBClusters of <c>dbCluster</c> in <c>region</c> (and
/// DescribeDBInstances of its writer) until the cluster is <c>available</c> and has a writer that is
/// <c>available</c> (at most <c>timeout</c>, default one hour); fails at once on a terminal status. Outputs
/// <c>dbCluster</c>, <c>writer</c>, <c>writerEndpoint</c>, <c>status</c>.
/// </summary>
public sealed class WaitClusterAvailableAction(ActionServices services) : StepAction(services)
{
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal)
    {
        "failed", "incompatible-restore", "incompatible-parameters", "incompatible-network", "inaccessible-encryption-credentials", "deleting", "storage-full",
    };

    public override string Name => "rds.wait-cluster-available";

    public override ActionSchema Schema { get; } = new(["dbCluster", "region"], ["timeout"], ["dbCluster", "writer", "writerEndpoint", "status"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("rds", "DescribeDBClusters", Shown(context, "region"), Shown(context, "dbCluster"), "until available"),
        new("rds", "DescribeDBInstances", Shown(context, "region"), Shown(context, "dbCluster"), "its writer, until available"),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) =>
        await ProbeAsync(context, cancellationToken) is { } ready ? Result(ready.Cluster, ready.Writer) : null;

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var id = context.Input("dbCluster");
        var region = context.Input("region");
        var ready = await Services.WaitForAsync($"DB cluster {id} and its writer to be available", ActionInputs.OptionalDuration(context, "timeout"),
            () => ProbeAsync(context, cancellationToken), cancellationToken);
        await context.Log($"Cluster {id} in {region} is available; writer {ready.Writer.Identifier} at {ready.Cluster.Endpoint}.", cancellationToken);
        return Result(ready.Cluster, ready.Writer);
    }

    private sealed record Ready(DbCluster Cluster, DbInstance Writer);

    private async Task<Ready?> ProbeAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var id = context.Input("dbCluster");
        var account = Services.Account(context);
        var cluster = await RdsLookups.ClusterAsync(Services, region, id, account, cancellationToken)
            ?? throw new StepFailedException("DBClusterNotFound", $"No DB cluster {id} in {region}.");
        if (Terminal.Contains(cluster.Status))
        {
            throw new StepFailedException("DBClusterState", $"DB cluster {id} in {region} is {cluster.Status}.");
        }
        if (cluster.Status != "available" || cluster.Members.FirstOrDefault(m => m.IsClusterWriter) is not { } member)
        {
            return null;
        }
        var writer = await RdsLookups.InstanceAsync(Services, region, member.DBInstanceIdentifier, account, cancellationToken);
        if (writer is not null && Terminal.Contains(writer.Status))
        {
            throw new StepFailedException("DBInstanceState", $"Writer {writer.Identifier} of cluster {id} in {region} is {writer.Status}.");
        }
        return writer is { Status: "available" } ? new Ready(cluster, writer) : null;
    }

    private static StepResult Result(DbCluster cluster, DbInstance writer) => new(new Dictionary<string, string>
    {
        ["dbCluster"] = cluster.Identifier,
        ["writer"] = writer.Identifier,
        ["writerEndpoint"] = cluster.Endpoint ?? "",
        ["status"] = cluster.Status,
    }, $"{cluster.Identifier} is available");
}
