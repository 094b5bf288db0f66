namespace DrService.Aws.CloudWatch;

/// <summary>
/// CloudWatch metrics (Query 2010-08-01, service "monitoring"), regional. Every call follows all NextToken pages.
/// Errors: AwsServiceException with the AWS code (InvalidParameterValue, LimitExceeded...).
/// </summary>
public interface ICloudWatchClient
{
    /// <summary>
    /// Every query in one call (AWS allows 500 per call; more are split), pages merged per query id, in query order.
    /// </summary>
    Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(
        string region, MetricDataRequest request, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest value of <paramref name="series"/> within <paramref name="lookback"/> for each of
    /// <paramref name="dimensionValues"/> (e.g. ReplicaLag of 50 replicas) in one GetMetricData call; null where
    /// no point exists in the window.
    /// </summary>
    Task<IReadOnlyDictionary<string, MetricPoint?>> GetLatestAsync(
        string region,
        MetricSeries series,
        IReadOnlyCollection<string> dimensionValues,
        TimeSpan lookback,
        string account = "default",
        CancellationToken cancellationToken = default);

    /// <summary>Sends the datums in batches of at most 1000 (one call per batch).</summary>
    Task PutMetricDataAsync(
        string region, string metricNamespace, IReadOnlyList<MetricDatum> data, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Metric>> ListMetricsAsync(
        string region, MetricFilter? filter = null, string account = "default", CancellationToken cancellationToken = default);
}
