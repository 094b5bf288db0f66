using DrService.Configuration;

namespace DrService.Monitoring;

/// <summary>
/// One part of the monitoring cycle (replicas, S3 replication, DNS). It observes every application at once,
/// batching AWS calls per region (one GetMetricData for all replicas of a region, not one per replica), and returns
/// conditions. It never throws for an AWS error: an unobservable thing is an Unknown condition naming the error.
/// </summary>
public interface IMonitor
{
    /// <summary>A short name (<c>replication</c>, <c>s3</c>, <c>dns</c>): the prefix of the subjects it owns.</summary>
    string Name { get; }

    Task<IReadOnlyList<Condition>> ObserveAsync(DrOptions options, CancellationToken cancellationToken);
}
