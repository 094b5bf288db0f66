using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Replication;

/// <summary>
/// Watches cross-region RDS read replicas and Aurora global databases of every application at once. Per cycle and
/// per (account, region) it makes ceil(ids/100) DescribeDBInstances calls (the replica ids of the region; in a source
/// region its sources and the replica ids, to tell a replica made in the wrong region), one DescribeGlobalClusters
/// per account in the DR region when global databases are configured, and one GetMetricData per replica region for
/// every ReplicaLag and AuroraGlobalDBReplicationLag series (up to 500 series a call). AWS errors become Unknown
/// conditions naming the error code; nothing is thrown for them.
/// </summary>
public sealed partial class RdsReplicaMonitor(
    IRdsClient rds, ICloudWatchClient cloudWatch, TimeProvider time, ILogger<RdsReplicaMonitor> logger) : IMonitor
{
    /// <summary>Identifiers per db-instance-id filter: one call answers them in one page (MaxRecords 100).</summary>
    internal const int IdsPerDescribe = 100;

    public string Name => "replication";

    public async Task<IReadOnlyList<Condition>> ObserveAsync(DrOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plan = ReplicaPlan.From(options);
        if (plan.Replicas.Count == 0 && plan.Globals.Count == 0)
        {
            return [];
        }
        var instances = await DescribeInstancesAsync(plan, cancellationToken);
        var globals = await DescribeGlobalsAsync(plan, cancellationToken);
        var lags = await ReadLagsAsync(plan, globals, options.Monitoring.MetricLookback, cancellationToken);

        var conditions = new List<Condition>();
        foreach (var target in plan.Replicas)
        {
            conditions.AddRange(ReplicaEvaluator.Evaluate(
                target,
                instances[(target.Account, target.ReplicaRegion)],
                instances[(target.Account, target.SourceRegion)],
                lags.Replica(target),
                options.Monitoring));
        }
        foreach (var target in plan.Globals)
        {
            conditions.AddRange(GlobalClusterEvaluator.Evaluate(target, globals[target.Account], plan.DrRegion, lags.Global(target), options.Monitoring));
        }
        return [.. conditions.Select(ReplicationConditionTypes.WithTypeSeverity)];
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Replication watch: {Operation} in {Region} failed with {Code}")]
    private static partial void LogAwsFailure(ILogger logger, string operation, string region, string code);
}
