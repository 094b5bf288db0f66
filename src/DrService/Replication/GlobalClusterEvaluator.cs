using DrService.Aws.Rds;
using DrService.Configuration;
using DrService.Monitoring;
using static DrService.Replication.ReplicationConditionTypes;

namespace DrService.Replication;

/// <summary>The three conditions of one Aurora global database (subject <c>global:{identifier}</c>).</summary>
internal static class GlobalClusterEvaluator
{
    private static readonly HashSet<string> TransientStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "creating", "modifying", "upgrading", "failing-over", "switching-over", "renaming",
    };

    /// <summary>The member cluster in the DR region that is not the writer (the one a failover promotes).</summary>
    public static GlobalClusterMember? Secondary(GlobalCluster cluster, string drRegion) =>
        cluster.Members.FirstOrDefault(m => !m.IsWriter && string.Equals(RdsArn.Parse(m.DBClusterArn).Region, drRegion, StringComparison.Ordinal));

    public static IEnumerable<Condition> Evaluate(GlobalTarget target, GlobalLookup lookup, string drRegion, LagReading lag, MonitoringOptions monitoring)
    {
        var (app, subject) = (target.Application, target.Subject);
        if (lookup.Failure is { } failure)
        {
            return Blocked(target, failure.Code, $"DescribeGlobalClusters in {drRegion} failed: {failure.Message}", unknownHealth: true);
        }
        if (lookup.Clusters.GetValueOrDefault(target.Identifier) is not { } cluster)
        {
            return Blocked(target, "GlobalClusterNotFound", $"no global database {target.Identifier}", unknownHealth: false);
        }
        var healthy = string.Equals(cluster.Status, "available", StringComparison.OrdinalIgnoreCase)
            ? Condition.True(app, subject, GlobalClusterHealthy, "Available", $"{cluster.Identifier} is available with {cluster.Members.Count} member(s)")
            : Condition.False(app, subject, GlobalClusterHealthy,
                TransientStates.Contains(cluster.Status) ? ConditionSeverity.Warning : ConditionSeverity.Critical,
                ReplicaEvaluator.Pascal(cluster.Status), $"{cluster.Identifier} is {cluster.Status}");
        var secondary = Secondary(cluster, drRegion);
        if (secondary is null)
        {
            var writerInDr = cluster.Members.Any(m => m.IsWriter && string.Equals(RdsArn.Parse(m.DBClusterArn).Region, drRegion, StringComparison.Ordinal));
            var (reason, message) = writerInDr
                ? ("WriterInDrRegion", $"the writer of {cluster.Identifier} is in {drRegion}: there is no secondary left to fail over to")
                : ("NoSecondaryInDrRegion", $"{cluster.Identifier} has no secondary cluster in {drRegion}");
            return
            [
                healthy,
                Condition.False(app, subject, GlobalSecondaryInDrRegion, writerInDr ? ConditionSeverity.Warning : ConditionSeverity.Critical, reason, message),
                Condition.Unknown(app, subject, GlobalLagWithinRpo, reason, message),
            ];
        }
        var secondaryId = RdsArn.Parse(secondary.DBClusterArn).Identifier;
        return
        [
            healthy,
            Condition.True(app, subject, GlobalSecondaryInDrRegion, "SecondaryInDrRegion", $"{secondaryId} is a secondary of {cluster.Identifier} in {drRegion}"),
            Lag(target, secondaryId, lag, monitoring),
        ];
    }

    private static Condition Lag(GlobalTarget target, string secondaryId, LagReading lag, MonitoringOptions monitoring)
    {
        if (lag.Failure is { } failure)
        {
            return Condition.Unknown(target.Application, target.Subject, GlobalLagWithinRpo, failure.Code, $"GetMetricData failed: {failure.Message}");
        }
        if (lag.Point is not { } point)
        {
            return Condition.Unknown(target.Application, target.Subject, GlobalLagWithinRpo, "NoLagData",
                $"no AuroraGlobalDBReplicationLag point for {secondaryId} in the last {LagVerdict.Format(monitoring.MetricLookback)}");
        }
        return LagVerdict.Judge(target.Application, target.Subject, GlobalLagWithinRpo, TimeSpan.FromMilliseconds(point.Value), target.Options.Rpo,
            monitoring.AtRiskFraction, $"AuroraGlobalDBReplicationLag of {secondaryId} at {point.Timestamp:u}");
    }

    private static IEnumerable<Condition> Blocked(GlobalTarget target, string reason, string message, bool unknownHealth) =>
    [
        unknownHealth
            ? Condition.Unknown(target.Application, target.Subject, GlobalClusterHealthy, reason, message)
            : Condition.False(target.Application, target.Subject, GlobalClusterHealthy, ConditionSeverity.Critical, reason, message),
        Condition.Unknown(target.Application, target.Subject, GlobalSecondaryInDrRegion, reason, message),
        Condition.Unknown(target.Application, target.Subject, GlobalLagWithinRpo, reason, message),
    ];
}
