using System.Globalization;
using Amazon.S3;
using DrService.Configuration;
using DrService.Monitoring;
using static DrService.Replication.ReplicationConditionTypes;

namespace DrService.Replication;

/// <summary>The conditions of one bucket pair (subject <c>bucket:{source}</c>) from what its calls and the batched metrics found.</summary>
internal static class S3PairEvaluator
{
    public static IEnumerable<Condition> Evaluate(S3PairState state, S3PairMetrics? metrics, MonitoringOptions monitoring, DateTimeOffset now)
    {
        var t = state.Target;
        yield return Versioning(t, SourceVersioning, t.Pair.Source, state.SourceVersioning!);
        yield return Destination(t, state.DestinationRegion!);
        yield return Versioning(t, DestinationVersioning, t.Pair.Destination, state.DestinationVersioning!);
        yield return Rule(t, state.Rule!);
        if (t.RequiresReplicationTimeControl)
        {
            yield return TimeControl(t, state.Rule!);
        }
        var sample = state.Sample!;
        var objects = sample.Value ?? [];
        yield return Failed(t, sample, objects, metrics);
        yield return Replicated(t, sample, objects, metrics, now);
        yield return Lag(t, sample, objects, metrics, monitoring, now);
    }

    private static Condition Versioning(S3PairTarget t, string type, string bucket, Observed<string> versioning)
    {
        if (versioning.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, type, f.Code, $"{bucket}: {f.Message}");
        }
        return versioning.Value == VersionStatus.Enabled.Value
            ? Condition.True(t.Application, t.Subject, type, "VersioningEnabled", $"versioning is enabled on {bucket}")
            : Condition.False(t.Application, t.Subject, type, ConditionSeverity.Critical, "Versioning" + versioning.Value,
                $"versioning is {versioning.Value} on {bucket}: replication requires it enabled on both buckets");
    }

    private static Condition Destination(S3PairTarget t, Observed<string> region)
    {
        var bucket = t.Pair.Destination;
        if (region.Failure is { Code: "NoSuchBucket" })
        {
            return Condition.False(t.Application, t.Subject, DestinationExists, ConditionSeverity.Critical, "NoSuchBucket", $"no bucket {bucket}");
        }
        if (region.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, DestinationExists, f.Code, $"{bucket}: {f.Message}");
        }
        return string.Equals(region.Value, t.DrRegion, StringComparison.Ordinal)
            ? Condition.True(t.Application, t.Subject, DestinationExists, "InDrRegion", $"{bucket} exists in {t.DrRegion}")
            : Condition.False(t.Application, t.Subject, DestinationExists, ConditionSeverity.Critical, "WrongRegion", $"{bucket} is in {region.Value}, not in the DR region {t.DrRegion}");
    }

    private static Condition Rule(S3PairTarget t, Observed<RuleMatch> rule)
    {
        if (rule.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, RuleCoversPrefix, f.Code, $"GetBucketReplication on {t.Pair.Source}: {f.Message}");
        }
        var match = rule.Value!;
        return match.Covers
            ? Condition.True(t.Application, t.Subject, RuleCoversPrefix, match.Reason, match.Message)
            : Condition.False(t.Application, t.Subject, RuleCoversPrefix, ConditionSeverity.Critical, match.Reason, match.Message);
    }

    private static Condition TimeControl(S3PairTarget t, Observed<RuleMatch> rule)
    {
        if (rule.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, ReplicationTimeControl, f.Code, $"GetBucketReplication on {t.Pair.Source}: {f.Message}");
        }
        var match = rule.Value!;
        if (!match.Covers)
        {
            return Condition.Unknown(t.Application, t.Subject, ReplicationTimeControl, match.Reason, "no rule covers the prefix: " + match.Message);
        }
        return match.HasReplicationTimeControl
            ? Condition.True(t.Application, t.Subject, ReplicationTimeControl, "Enabled", $"rule {match.Rule!.Id} has Replication Time Control")
            : Condition.False(t.Application, t.Subject, ReplicationTimeControl, ConditionSeverity.Warning, "NotEnabled",
                $"rule {match.Rule!.Id} has no Replication Time Control (required for {(t.Pair.RequireReplicationTimeControl is true ? "this pair" : "tier A")})");
    }

    private static Condition Failed(S3PairTarget t, Observed<IReadOnlyList<SampledObject>> sample, IReadOnlyList<SampledObject> objects, S3PairMetrics? metrics)
    {
        var failed = objects.Where(o => string.Equals(o.ReplicationStatus, ReplicationStatus.Failed.Value, StringComparison.Ordinal)).ToList();
        if (failed.Count > 0)
        {
            return Condition.False(t.Application, t.Subject, NoFailedObjects, ConditionSeverity.Critical, "FailedObjects",
                $"{failed.Count} of {objects.Count} sampled objects have ReplicationStatus FAILED ({Keys(failed)})", failed.Count);
        }
        if (metrics?.FailedOperations is { Value: > 0 } failedOps)
        {
            return Condition.False(t.Application, t.Subject, NoFailedObjects, ConditionSeverity.Critical, "OperationsFailedReplication",
                $"OperationsFailedReplication is {Number(failedOps.Value)} at {failedOps.Timestamp:u}", failedOps.Value);
        }
        if (sample.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, NoFailedObjects, f.Code, $"listing {t.Pair.Source}: {f.Message}");
        }
        return Condition.True(t.Application, t.Subject, NoFailedObjects, "NoFailedObjects", $"no FAILED object among {objects.Count} sampled", 0);
    }

    private static Condition Replicated(S3PairTarget t, Observed<IReadOnlyList<SampledObject>> sample, IReadOnlyList<SampledObject> objects, S3PairMetrics? metrics, DateTimeOffset now)
    {
        if (sample.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, ObjectsReplicated, f.Code, $"listing {t.Pair.Source}: {f.Message}");
        }
        var unknown = objects.Where(o => o.Copy == DestinationCopy.Unknown).ToList();
        var notCopied = objects.Where(o => o.Copy == DestinationCopy.Missing).ToList();
        var missing = notCopied.Where(o => now - o.LastModified >= S3ReplicationMonitor.ReplicationGrace).ToList();
        var pending = notCopied.Count - missing.Count;
        var pendingText = $"{pending} pending (younger than {LagVerdict.Format(S3ReplicationMonitor.ReplicationGrace)})"
            + (metrics?.PendingOperations is { } ops ? $"; OperationsPendingReplication {Number(ops.Value)}" : "");
        if (missing.Count > 0)
        {
            return Condition.False(t.Application, t.Subject, ObjectsReplicated, ConditionSeverity.Warning, "ObjectsMissing",
                $"{missing.Count} of {objects.Count} sampled objects are missing in {t.Pair.Destination} ({Keys(missing)}); {pendingText}", missing.Count);
        }
        if (unknown.Count > 0)
        {
            return Condition.Unknown(t.Application, t.Subject, ObjectsReplicated, unknown[0].CopyError ?? "DestinationUnreadable",
                $"{unknown.Count} of {objects.Count} sampled objects could not be checked in {t.Pair.Destination}: {unknown[0].CopyError}") with { Value = 0 };
        }
        return Condition.True(t.Application, t.Subject, ObjectsReplicated, objects.Count == 0 ? "NoObjects" : "AllReplicated",
            $"{objects.Count - notCopied.Count} of {objects.Count} sampled objects are in {t.Pair.Destination}; {pendingText}", 0);
    }

    private static Condition Lag(S3PairTarget t, Observed<IReadOnlyList<SampledObject>> sample, IReadOnlyList<SampledObject> objects, S3PairMetrics? metrics, MonitoringOptions monitoring, DateTimeOffset now)
    {
        if (sample.Failure is { } f)
        {
            return Condition.Unknown(t.Application, t.Subject, LagWithinRpo, f.Code, $"listing {t.Pair.Source}: {f.Message}");
        }
        if (objects.Any(o => o.Copy == DestinationCopy.Unknown))
        {
            return Condition.Unknown(t.Application, t.Subject, LagWithinRpo, objects.First(o => o.Copy == DestinationCopy.Unknown).CopyError ?? "DestinationUnreadable",
                "the sample's copies could not all be checked in the destination");
        }
        var oldest = objects.Where(o => o.Copy == DestinationCopy.Missing).Select(o => (DateTimeOffset?)o.LastModified).Min();
        var estimate = oldest is { } since && now > since ? now - since : TimeSpan.Zero;
        var measuredBy = oldest is null
            ? $"every one of {objects.Count} sampled objects is in the destination"
            : $"the oldest sampled object not in the destination was written at {oldest:u}";
        if (metrics?.LatencySeconds is { } latency && TimeSpan.FromSeconds(latency.Value) > estimate)
        {
            estimate = TimeSpan.FromSeconds(latency.Value);
            measuredBy = $"ReplicationLatency at {latency.Timestamp:u}";
        }
        return LagVerdict.Judge(t.Application, t.Subject, LagWithinRpo, estimate, t.Options.Rpo, monitoring.AtRiskFraction, measuredBy);
    }

    private static string Keys(List<SampledObject> objects) =>
        string.Join(", ", objects.Take(5).Select(o => o.Key)) + (objects.Count > 5 ? ", ..." : "");

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
