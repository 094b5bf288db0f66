using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.CloudWatch;

/// <summary>One CloudWatch call: the shape of <see cref="AwsQueryClient.CallAsync"/> (tests record it).</summary>
internal delegate Task<XElement> CloudWatchCall(string region, string account, QueryRequest request, CancellationToken cancellationToken);

/// <summary>The CloudWatch client on <see cref="AwsQueryClient"/>.</summary>
public sealed class CloudWatchClient : ICloudWatchClient
{
    private readonly CloudWatchCall _call;
    private readonly TimeProvider _time;

    public CloudWatchClient(IAwsClientFactory aws, TimeProvider timeProvider)
        : this(CallOf(aws), timeProvider)
    {
    }

    internal CloudWatchClient(CloudWatchCall call, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _call = call;
        _time = timeProvider;
    }

    public async Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(
        string region, MetricDataRequest request, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pages = new MetricDataPages();
        foreach (var chunk in request.Queries.Chunk(CloudWatchRequests.MaxQueriesPerGet))
        {
            var call = CloudWatchRequests.GetMetricData(request, chunk);
            string? next = null;
            do
            {
                var result = await _call(region, account, call.WithReplaced("NextToken", next), cancellationToken);
                next = pages.Add(result);
            }
            while (next is not null);
        }
        return pages.Results();
    }

    public async Task<IReadOnlyDictionary<string, MetricPoint?>> GetLatestAsync(
        string region,
        MetricSeries series,
        IReadOnlyCollection<string> dimensionValues,
        TimeSpan lookback,
        string account = "default",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(dimensionValues);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lookback, TimeSpan.Zero);
        var byId = dimensionValues.Distinct(StringComparer.Ordinal)
            .Select((value, i) => (Id: FormattableString.Invariant($"q{i}"), Value: value))
            .ToList();
        var latest = byId.ToDictionary(q => q.Value, _ => (MetricPoint?)null, StringComparer.Ordinal);
        if (byId.Count == 0)
        {
            return latest;
        }
        var now = _time.GetUtcNow();
        var queries = byId.Select(q => MetricDataQuery.ForMetric(q.Id, new MetricStat(
            new Metric(series.Namespace, series.MetricName) { Dimensions = [new(series.DimensionName, q.Value)] },
            series.Period,
            series.Stat))).ToList();
        var results = await GetMetricDataAsync(region, new MetricDataRequest(queries, now - lookback, now)
        {
            ScanBy = ScanBy.TimestampDescending,
        }, account, cancellationToken);
        var values = byId.ToDictionary(q => q.Id, q => q.Value, StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (values.TryGetValue(result.Id, out var value))
            {
                latest[value] = result.Latest;
            }
        }
        return latest;
    }

    public async Task PutMetricDataAsync(
        string region, string metricNamespace, IReadOnlyList<MetricDatum> data, string account = "default", CancellationToken cancellationToken = default)
    {
        foreach (var request in CloudWatchRequests.PutMetricData(metricNamespace, data))
        {
            await _call(region, account, request, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<Metric>> ListMetricsAsync(
        string region, MetricFilter? filter = null, string account = "default", CancellationToken cancellationToken = default)
    {
        var metrics = new List<Metric>();
        var request = CloudWatchRequests.ListMetrics(filter);
        string? next = null;
        do
        {
            var result = await _call(region, account, request.WithReplaced("NextToken", next), cancellationToken);
            metrics.AddRange(result.Path("Metrics", "member").Select(m =>
                new Metric(m.ChildValue("Namespace") ?? string.Empty, m.ChildValue("MetricName") ?? string.Empty)
                {
                    Dimensions = [.. m.Path("Dimensions", "member").Select(d => new MetricDimension(d.ChildValue("Name") ?? string.Empty, d.ChildValue("Value") ?? string.Empty))],
                }));
            next = result.ChildValue("NextToken") is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return metrics;
    }

    private static CloudWatchCall CallOf(IAwsClientFactory aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return aws.Query.CallAsync;
    }
}
