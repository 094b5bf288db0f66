using System.Globalization;
using DrService.Aws.CloudWatch;

namespace DrService.Replication;

/// <summary>The newest lag point of one series in the lookback (null: none), or why CloudWatch could not be read.</summary>
internal sealed record LagReading(MetricPoint? Point, AwsFailure? Failure)
{
    public static readonly LagReading None = new(null, null);
}

internal sealed class LagReadings
{
    public Dictionary<ReplicaTarget, LagReading> Replicas { get; } = [];

    public Dictionary<GlobalTarget, LagReading> Globals { get; } = [];

    public LagReading Replica(ReplicaTarget target) => Replicas.GetValueOrDefault(target, LagReading.None);

    public LagReading Global(GlobalTarget target) => Globals.GetValueOrDefault(target, LagReading.None);
}

public sealed partial class RdsReplicaMonitor
{
    /// <summary>RDS <c>ReplicaLag</c> (seconds; -1: replication not running), dimension DBInstanceIdentifier.</summary>
    internal static readonly MetricSeries ReplicaLag = MetricSeries.RdsReplicaLag with { Stat = "Maximum" };

    /// <summary>Aurora <c>AuroraGlobalDBReplicationLag</c> (milliseconds) of a secondary cluster, dimension DBClusterIdentifier.</summary>
    internal static readonly MetricSeries GlobalLag = new("AWS/RDS", "AuroraGlobalDBReplicationLag", "DBClusterIdentifier") { Stat = "Maximum" };

    /// <summary>One GetMetricData per (account, region) with every replica's and every global secondary's lag series.</summary>
    private async Task<LagReadings> ReadLagsAsync(
        ReplicaPlan plan, Dictionary<string, GlobalLookup> globals, TimeSpan lookback, CancellationToken cancellationToken)
    {
        var readings = new LagReadings();
        var series = new List<(string Account, string Region, MetricSeries Series, string Dimension, Action<LagReading> Store)>();
        foreach (var r in plan.Replicas)
        {
            series.Add((r.Account, r.ReplicaRegion, ReplicaLag, r.Replica.Identifier, reading => readings.Replicas[r] = reading));
        }
        foreach (var g in plan.Globals)
        {
            if (globals[g.Account].Clusters.GetValueOrDefault(g.Identifier) is { } cluster
                && GlobalClusterEvaluator.Secondary(cluster, plan.DrRegion) is { } secondary)
            {
                series.Add((g.Account, plan.DrRegion, GlobalLag, RdsArn.Parse(secondary.DBClusterArn).Identifier, reading => readings.Globals[g] = reading));
            }
        }

        var now = time.GetUtcNow();
        foreach (var batch in series.GroupBy(s => (s.Account, s.Region)))
        {
            var items = batch.ToList();
            var queries = items.Select((s, i) => MetricDataQuery.ForMetric(
                string.Create(CultureInfo.InvariantCulture, $"q{i}"),
                new MetricStat(new Metric(s.Series.Namespace, s.Series.MetricName) { Dimensions = [new(s.Series.DimensionName, s.Dimension)] }, s.Series.Period, s.Series.Stat)))
                .ToList();
            try
            {
                var results = await cloudWatch.GetMetricDataAsync(
                    batch.Key.Region,
                    new MetricDataRequest(queries, now - lookback, now) { ScanBy = ScanBy.TimestampDescending },
                    batch.Key.Account,
                    cancellationToken);
                var byId = results.ToDictionary(r => r.Id, StringComparer.Ordinal);
                for (var i = 0; i < items.Count; i++)
                {
                    items[i].Store(new LagReading(byId.GetValueOrDefault(queries[i].Id)?.Latest, null));
                }
            }
            catch (Exception ex) when (AwsFailure.IsAws(ex))
            {
                var failure = AwsFailure.From(ex, "monitoring", batch.Key.Region, "GetMetricData");
                LogAwsFailure(logger, "GetMetricData", batch.Key.Region, failure.Code);
                items.ForEach(s => s.Store(new LagReading(null, failure)));
            }
        }
        return readings;
    }
}
