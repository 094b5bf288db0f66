using DrService.Aws;
using DrService.Aws.CloudWatch;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Replication;

/// <summary>
/// Watches S3 cross-region replication pairs (subject <c>bucket:{source}</c>). The configuration checks and the
/// object sample are per pair by nature; per pair and cycle: GetBucketVersioning, GetBucketReplication and one
/// ListObjectVersions (or ListObjectsV2) page in the source region plus one HeadObject per sampled object there;
/// GetBucketLocation, GetBucketVersioning and one HeadObject per sampled object in the destination (a second,
/// version-less HeadObject when the destination does not hold the source's version id). That is
/// 5 + 2 x SampleSize calls with one listing page (at most 4 + SamplePages + 3 x SampleSize). The CloudWatch replication metrics of every pair of a
/// source region come in ONE GetMetricData. AWS errors become conditions naming the code, never exceptions.
/// </summary>
public sealed partial class S3ReplicationMonitor(
    IAwsClientFactory aws, ICloudWatchClient cloudWatch, TimeProvider time, ILogger<S3ReplicationMonitor> logger) : IMonitor
{
    /// <summary>A missing object younger than this is pending, not missing (RTC replicates 99.99 % within 15 minutes).</summary>
    public static readonly TimeSpan ReplicationGrace = TimeSpan.FromMinutes(15);

    /// <summary>Keys one listing page asks for (S3's maximum); the sample is the newest SampleSize over SamplePages pages.</summary>
    internal int ListPageSize { get; init; } = 1000;

    public string Name => "s3";

    /// <summary>Pairs observed at the same time.</summary>
    internal int PairConcurrency { get; init; } = 4;

    public async Task<IReadOnlyList<Condition>> ObserveAsync(DrOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var targets = S3PairTarget.From(options);
        if (targets.Count == 0)
        {
            return [];
        }
        var states = new S3PairState[targets.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PairConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => states[i] = await ObservePairAsync(targets[i], ct));
        var metrics = await ReadMetricsAsync(states, options.Monitoring.MetricLookback, cancellationToken);
        var now = time.GetUtcNow();
        return [.. states.SelectMany(s => S3PairEvaluator.Evaluate(s, metrics.GetValueOrDefault(s.Target), options.Monitoring, now)).Select(ReplicationConditionTypes.WithTypeSeverity)];
    }

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "S3 replication watch: {Operation} on {Bucket} in {Region} failed with {Code}")]
    private static partial void LogAwsFailure(ILogger logger, string operation, string bucket, string region, string code);
}
