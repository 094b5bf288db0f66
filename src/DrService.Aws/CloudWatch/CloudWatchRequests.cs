using System.Globalization;
using DrService.Aws.Protocol;

namespace DrService.Aws.CloudWatch;

/// <summary>
/// The Query requests of CloudWatch (2010-08-01, service "monitoring"), flattened the way CloudWatch spells lists:
/// <c>MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name</c>.
/// </summary>
internal static class CloudWatchRequests
{
    public const int MaxDatumsPerPut = 1000;
    public const int MaxQueriesPerGet = 500;

    public static QueryRequest New(string action) => new("monitoring", "2010-08-01", action);

    public static QueryRequest GetMetricData(MetricDataRequest data, IReadOnlyList<MetricDataQuery> queries)
    {
        var request = New("GetMetricData");
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            var p = Invariant($"MetricDataQueries.member.{i + 1}");
            request = request.With($"{p}.Id", q.Id);
            if (q.MetricStat is { } stat)
            {
                request = request
                    .With($"{p}.MetricStat.Metric.Namespace", stat.Metric.Namespace)
                    .With($"{p}.MetricStat.Metric.MetricName", stat.Metric.MetricName)
                    .WithDimensions($"{p}.MetricStat.Metric.Dimensions.member", stat.Metric.Dimensions)
                    .With($"{p}.MetricStat.Period", stat.Period)
                    .With($"{p}.MetricStat.Stat", stat.Stat)
                    .With($"{p}.MetricStat.Unit", stat.Unit);
            }
            request = request
                .With($"{p}.Expression", q.Expression)
                .With($"{p}.Label", q.Label)
                .With($"{p}.ReturnData", q.ReturnData)
                .With($"{p}.Period", q.Period);
        }
        return request
            .With("StartTime", data.StartTime)
            .With("EndTime", data.EndTime)
            .With("ScanBy", data.ScanBy)
            .With("MaxDatapoints", data.MaxDatapoints);
    }

    /// <summary>One request per <paramref name="batchSize"/> datums (AWS: at most 1000 per PutMetricData).</summary>
    public static IReadOnlyList<QueryRequest> PutMetricData(string metricNamespace, IReadOnlyList<MetricDatum> data, int batchSize = MaxDatumsPerPut)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricNamespace);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return [.. data.Chunk(batchSize).Select(batch =>
        {
            var request = New("PutMetricData").With("Namespace", metricNamespace);
            for (var i = 0; i < batch.Length; i++)
            {
                var d = batch[i];
                var p = Invariant($"MetricData.member.{i + 1}");
                request = request
                    .With($"{p}.MetricName", d.MetricName)
                    .WithDimensions($"{p}.Dimensions.member", d.Dimensions)
                    .With($"{p}.Timestamp", d.Timestamp)
                    .With($"{p}.Value", d.Value)
                    .WithList($"{p}.Values.member", d.Values.Select(Number))
                    .WithList($"{p}.Counts.member", d.Counts.Select(Number))
                    .With($"{p}.Unit", d.Unit)
                    .With($"{p}.StorageResolution", d.StorageResolution);
            }
            return request;
        })];
    }

    public static QueryRequest ListMetrics(MetricFilter? filter)
    {
        var request = New("ListMetrics");
        if (filter is null)
        {
            return request;
        }
        return request
            .With("Namespace", filter.Namespace)
            .With("MetricName", filter.MetricName)
            .WithEntries("Dimensions.member", filter.Dimensions, d => [new("Name", d.Name), new("Value", d.Value)]);
    }

    private static QueryRequest WithDimensions(this QueryRequest request, string prefix, IReadOnlyList<MetricDimension> dimensions) =>
        request.WithEntries(prefix, dimensions, d => [new("Name", d.Name), new("Value", d.Value)]);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
