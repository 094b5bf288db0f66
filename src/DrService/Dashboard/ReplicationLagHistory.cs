using System.Globalization;
using DrService.Aws.CloudWatch;
using DrService.Configuration;
using DrService.Replication;
using Microsoft.Extensions.Options;

namespace DrService.Dashboard;

/// <summary>An application's replica lag over a window: one series per read replica, or why CloudWatch could not be read.</summary>
public sealed record ReplicationLag(string Application, double RpoTargetSeconds, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<LagSeries> Series, string? ErrorCode, string? ErrorMessage);

/// <summary>One replica's <c>ReplicaLag</c> (seconds, per-minute maximum) in the DR region.</summary>
public sealed record LagSeries(string Subject, string Region, IReadOnlyList<MetricPoint> Points);

/// <summary>
/// Reads the lag history the replication watch reads the newest point of: one GetMetricData call per (account,
/// region) for all the application's read replicas, over the asked window, oldest point first.
/// </summary>
public sealed class ReplicationLagHistory(ICloudWatchClient cloudWatch, IOptionsMonitor<DrOptions> options, TimeProvider time)
{
    public async Task<ReplicationLag?> GetAsync(string application, TimeSpan window, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!current.Applications.TryGetValue(application, out var app))
        {
            return null;
        }
        var to = time.GetUtcNow();
        var from = to - window;
        var replicas = ReplicaPlan.From(current).Replicas.Where(r => r.Application == application).ToList();
        var series = new List<LagSeries>();
        foreach (var batch in replicas.GroupBy(r => (r.Account, r.ReplicaRegion)))
        {
            var items = batch.ToList();
            var period = PeriodFor(window);
            var queries = items.Select((r, i) => MetricDataQuery.ForMetric(
                string.Create(CultureInfo.InvariantCulture, $"q{i}"),
                new MetricStat(new Metric("AWS/RDS", "ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", r.Replica.Identifier)] }, period, "Maximum")))
                .ToList();
            try
            {
                var results = (await cloudWatch.GetMetricDataAsync(batch.Key.ReplicaRegion,
                    new MetricDataRequest(queries, from, to) { ScanBy = ScanBy.TimestampAscending }, batch.Key.Account, cancellationToken))
                    .ToDictionary(r => r.Id, StringComparer.Ordinal);
                series.AddRange(items.Select((r, i) => new LagSeries(r.Subject, r.ReplicaRegion,
                    [.. (results.GetValueOrDefault(queries[i].Id)?.Points ?? []).OrderBy(p => p.Timestamp)])));
            }
            catch (Exception ex) when (AwsFailure.IsAws(ex))
            {
                var failure = AwsFailure.From(ex, "monitoring", batch.Key.ReplicaRegion, "GetMetricData");
                return new ReplicationLag(application, app.Rpo.TotalSeconds, from, to, series, failure.Code, failure.Message);
            }
        }
        return new ReplicationLag(application, app.Rpo.TotalSeconds, from, to, series, null, null);
    }

    /// <summary>About 360 points at most per series: one a minute up to six hours, coarser beyond.</summary>
    internal static int PeriodFor(TimeSpan window) => Math.Max(60, (int)Math.Ceiling(window.TotalSeconds / 360 / 60) * 60);
}
