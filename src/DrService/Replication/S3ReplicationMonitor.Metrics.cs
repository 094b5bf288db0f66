using System.Globalization;
using DrService.Aws.CloudWatch;

namespace DrService.Replication;

/// <summary>
/// The newest S3 replication metrics of one pair's rule in the lookback (null: no point; S3 emits them only for rules
/// with replication metrics or RTC enabled), or why CloudWatch could not be read.
/// </summary>
internal sealed record S3PairMetrics(MetricPoint? LatencySeconds, MetricPoint? PendingOperations, MetricPoint? FailedOperations, AwsFailure? Failure);

public sealed partial class S3ReplicationMonitor
{
    internal const string S3Namespace = "AWS/S3";

    /// <summary>(metric, statistic) per pair, in query order.</summary>
    private static readonly (string Metric, string Stat)[] PairSeries =
    [
        ("ReplicationLatency", "Maximum"),
        ("OperationsPendingReplication", "Maximum"),
        ("OperationsFailedReplication", "Sum"),
    ];

    /// <summary>One GetMetricData per (account, source region) for every pair whose covering rule is known.</summary>
    private async Task<Dictionary<S3PairTarget, S3PairMetrics>> ReadMetricsAsync(
        IReadOnlyList<S3PairState> states, TimeSpan lookback, CancellationToken cancellationToken)
    {
        var found = new Dictionary<S3PairTarget, S3PairMetrics>();
        var now = time.GetUtcNow();
        var measurable = states.Where(s => s.Rule?.Value?.Rule?.Id is { Length: > 0 }).ToList();
        foreach (var batch in measurable.GroupBy(s => (s.Target.Account, s.Target.SourceRegion)))
        {
            var pairs = batch.ToList();
            var queries = pairs.SelectMany((s, i) => PairSeries.Select((series, j) => MetricDataQuery.ForMetric(
                string.Create(CultureInfo.InvariantCulture, $"p{i}m{j}"),
                new MetricStat(new Metric(S3Namespace, series.Metric)
                {
                    Dimensions =
                    [
                        new("SourceBucket", s.Target.Pair.Source),
                        new("DestinationBucket", s.Target.Pair.Destination),
                        new("RuleId", s.Rule!.Value!.Rule!.Id),
                    ],
                }, 60, series.Stat)))).ToList();
            try
            {
                var results = (await cloudWatch.GetMetricDataAsync(
                    batch.Key.SourceRegion,
                    new MetricDataRequest(queries, now - lookback, now) { ScanBy = ScanBy.TimestampDescending },
                    batch.Key.Account,
                    cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
                MetricPoint? Latest(int pair, int series) =>
                    results.GetValueOrDefault(string.Create(CultureInfo.InvariantCulture, $"p{pair}m{series}"))?.Latest;
                for (var i = 0; i < pairs.Count; i++)
                {
                    found[pairs[i].Target] = new S3PairMetrics(Latest(i, 0), Latest(i, 1), Latest(i, 2), null);
                }
            }
            catch (Exception ex) when (AwsFailure.IsAws(ex))
            {
                var failure = AwsFailure.From(ex, "monitoring", batch.Key.SourceRegion, "GetMetricData");
                LogAwsFailure(logger, "GetMetricData", "(all pairs)", batch.Key.SourceRegion, failure.Code);
                pairs.ForEach(s => found[s.Target] = new S3PairMetrics(null, null, null, failure));
            }
        }
        return found;
    }
}
