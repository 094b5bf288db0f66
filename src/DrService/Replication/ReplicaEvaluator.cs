using System.Globalization;
using DrService.Aws.Rds;
using DrService.Configuration;
using DrService.Monitoring;
using static DrService.Replication.ReplicationConditionTypes;

namespace DrService.Replication;

/// <summary>
/// The five conditions of one read replica (subject <c>replica:{id}</c>), from what the batched calls found. A subject
/// always carries all five: those that cannot be judged are Unknown with the reason that blocked them.
/// </summary>
internal static class ReplicaEvaluator
{
    /// <summary>The StatusInfos type RDS reports for a read replica.</summary>
    public const string ReadReplicationStatusType = "read replication";

    /// <summary>Instance states that pass by themselves (a maintenance action, a backup): Warning, not Critical.</summary>
    private static readonly HashSet<string> TransientStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "backing-up", "configuring-enhanced-monitoring", "configuring-iam-database-auth", "configuring-log-exports",
        "converting-to-vpc", "creating", "maintenance", "modifying", "moving-to-vpc", "rebooting", "renaming",
        "resetting-master-credentials", "starting", "storage-optimization", "upgrading",
    };

    public static IEnumerable<Condition> Evaluate(
        ReplicaTarget target, RegionInstances replicaRegion, RegionInstances sourceRegion, LagReading lag, MonitoringOptions monitoring)
    {
        var (app, subject) = (target.Application, target.Subject);
        if (replicaRegion.Failure is { } failure)
        {
            return AllUnknown(target, failure.Code, $"DescribeDBInstances in {replicaRegion.Region} failed: {failure.Message}");
        }
        var replica = replicaRegion.Find(target.Replica.Identifier);
        if (replica is null)
        {
            return Missing(target, sourceRegion);
        }
        var source = sourceRegion.Find(target.Source.Identifier);
        return
        [
            Condition.True(app, subject, ReplicaExists, "Found", $"{replica.Identifier} exists in {target.ReplicaRegion}"),
            Available(target, replica),
            Running(target, replica, lag),
            OfSource(target, replica, source),
            Lag(target, lag, monitoring),
        ];
    }

    private static IEnumerable<Condition> Missing(ReplicaTarget target, RegionInstances sourceRegion)
    {
        var id = target.Replica.Identifier;
        var elsewhere = !string.Equals(target.SourceRegion, target.ReplicaRegion, StringComparison.Ordinal) && sourceRegion.Find(id) is not null;
        var (reason, message) = elsewhere
            ? ("WrongRegion", $"{id} exists in {target.SourceRegion}, not in {target.ReplicaRegion}: a replica in the source region does not survive its loss")
            : ("ReplicaNotFound", $"no DB instance {id} in {target.ReplicaRegion}");
        return
        [
            Condition.False(target.Application, target.Subject, ReplicaExists, ConditionSeverity.Critical, reason, message),
            .. Dependents(target, reason, message),
        ];
    }

    private static IEnumerable<Condition> AllUnknown(ReplicaTarget target, string reason, string message) =>
        [Condition.Unknown(target.Application, target.Subject, ReplicaExists, reason, message), .. Dependents(target, reason, message)];

    private static IEnumerable<Condition> Dependents(ReplicaTarget target, string reason, string message) =>
        new[] { ReplicaAvailable, ReplicationRunning, ReplicaOfSource, ReplicaLagWithinRpo }
            .Select(type => Condition.Unknown(target.Application, target.Subject, type, reason, message));

    private static Condition Available(ReplicaTarget target, DbInstance replica)
    {
        if (string.Equals(replica.Status, "available", StringComparison.OrdinalIgnoreCase))
        {
            return Condition.True(target.Application, target.Subject, ReplicaAvailable, "Available", $"{replica.Identifier} is available");
        }
        var severity = TransientStates.Contains(replica.Status) ? ConditionSeverity.Warning : ConditionSeverity.Critical;
        return Condition.False(target.Application, target.Subject, ReplicaAvailable, severity, Pascal(replica.Status), $"{replica.Identifier} is {replica.Status}");
    }

    private static Condition Running(ReplicaTarget target, DbInstance replica, LagReading lag)
    {
        var (app, subject) = (target.Application, target.Subject);
        if (!replica.IsReadReplica)
        {
            return Condition.False(app, subject, ReplicationRunning, ConditionSeverity.Critical, "NotAReadReplica", $"{replica.Identifier} replicates from nothing (promoted or standalone)");
        }
        var info = replica.StatusInfos.FirstOrDefault(s => string.Equals(s.StatusType, ReadReplicationStatusType, StringComparison.OrdinalIgnoreCase));
        if (info is not null && (!info.Normal || !string.Equals(info.Status, "replicating", StringComparison.OrdinalIgnoreCase)))
        {
            return Condition.False(app, subject, ReplicationRunning, ConditionSeverity.Critical, "Replication" + Pascal(info.Status),
                $"read replication is {info.Status} (normal: {info.Normal}){(info.Message is { Length: > 0 } m ? $": {m}" : "")}");
        }
        if (lag.Point is { Value: < 0 } stopped)
        {
            return Condition.False(app, subject, ReplicationRunning, ConditionSeverity.Critical, "ReplicationNotRunning",
                $"ReplicaLag is {stopped.Value.ToString(CultureInfo.InvariantCulture)} at {stopped.Timestamp:u}: replication is not running");
        }
        if (info is not null)
        {
            return Condition.True(app, subject, ReplicationRunning, "Replicating", "read replication is replicating");
        }
        return lag.Point is { } point
            ? Condition.True(app, subject, ReplicationRunning, "LagReported", $"no replication status reported; ReplicaLag {point.Value.ToString(CultureInfo.InvariantCulture)}s at {point.Timestamp:u}")
            : Condition.Unknown(app, subject, ReplicationRunning, lag.Failure?.Code ?? "NoReplicationStatus", "neither a read replication status nor ReplicaLag data");
    }

    private static Condition OfSource(ReplicaTarget target, DbInstance replica, DbInstance? source)
    {
        var (app, subject) = (target.Application, target.Subject);
        var reported = replica.ReadReplicaSourceDBInstanceIdentifier;
        if (reported is null)
        {
            return Condition.False(app, subject, ReplicaOfSource, ConditionSeverity.Critical, "NotAReadReplica", $"{replica.Identifier} is not a read replica");
        }
        var matches = target.Source.Names(reported, target.SourceRegion)
            || (source is not null && string.Equals(source.Arn, reported, StringComparison.OrdinalIgnoreCase));
        return matches
            ? Condition.True(app, subject, ReplicaOfSource, "SourceMatches", $"replicates from {reported}")
            : Condition.False(app, subject, ReplicaOfSource, ConditionSeverity.Critical, "DifferentSource",
                $"replicates from {reported}, not from the configured {target.Source.Identifier} in {target.SourceRegion}");
    }

    private static Condition Lag(ReplicaTarget target, LagReading lag, MonitoringOptions monitoring)
    {
        var (app, subject) = (target.Application, target.Subject);
        if (lag.Failure is { } failure)
        {
            return Condition.Unknown(app, subject, ReplicaLagWithinRpo, failure.Code, $"GetMetricData failed: {failure.Message}");
        }
        if (lag.Point is not { } point)
        {
            return Condition.Unknown(app, subject, ReplicaLagWithinRpo, "NoLagData",
                $"no ReplicaLag point in the last {LagVerdict.Format(monitoring.MetricLookback)}");
        }
        if (point.Value < 0)
        {
            return Condition.Unknown(app, subject, ReplicaLagWithinRpo, "ReplicationNotRunning", "ReplicaLag is -1: replication is not running, the lag is not measured");
        }
        return LagVerdict.Judge(app, subject, ReplicaLagWithinRpo, TimeSpan.FromSeconds(point.Value), target.Options.Rpo, monitoring.AtRiskFraction,
            $"ReplicaLag at {point.Timestamp:u}");
    }

    /// <summary><c>storage-full</c> becomes <c>StorageFull</c>: a reason is CamelCase.</summary>
    internal static string Pascal(string value) =>
        string.Concat(value.Split(['-', ' ', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
