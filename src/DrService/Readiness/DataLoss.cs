using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Readiness;

/// <summary>
/// What a failover now would lose, in seconds of data: the largest of the replica lags and S3 lags (always: that
/// data comes from the replicas) and the newest copies' ages (tier B always; tiers A and PilotLight except the
/// database snapshots when a read replica carries the database). A resource that applies and has no copy at all
/// makes the loss unbounded: <see cref="Seconds"/> is null then, as it is when nothing is measured.
/// </summary>
internal sealed record DataLoss(double? Seconds, double? ReplicaLag, double? S3Lag, double? OldestCopyAge, int WithoutCopy)
{
    public static DataLoss Estimate(ApplicationTier tier, IEnumerable<ConditionRecord> conditions, IEnumerable<ResourceStatusRecord> resources)
    {
        var list = conditions.ToList();
        var replica = Max(list.Where(c => c.Type == ReadinessCalculator.ReplicaLag).Select(c => c.Value));
        var s3 = Max(list.Where(c => c.Type == ReadinessCalculator.S3Lag).Select(c => c.Value));
        var replicaCarriesDatabase = tier != ApplicationTier.B && list.Any(c => c.Type == ReadinessCalculator.ReplicaLag);
        var applying = resources
            .Where(r => r.ResourceId != "*")
            .Where(r => !(replicaCarriesDatabase && r.Kind is ArtifactKind.DbSnapshot or ArtifactKind.DbClusterSnapshot))
            .ToList();
        var copies = Max(applying.Select(r => r.RpoAgeSeconds));
        var withoutCopy = applying.Count(r => r.RpoAgeSeconds is null && r.RpoState != RpoState.Unknown);
        var seconds = withoutCopy > 0 ? null : Max([replica, s3, copies]);
        return new DataLoss(seconds, replica, s3, copies, withoutCopy);
    }

    /// <summary>The largest known value; null when none is known (LINQ's nullable Max skips nulls).</summary>
    private static double? Max(IEnumerable<double?> values) => values.Max();
}
