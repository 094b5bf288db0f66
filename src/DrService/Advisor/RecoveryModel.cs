using System.Globalization;
using DrService.Configuration;

namespace DrService.Advisor;

/// <summary>
/// Expected RTO and RPO of a tier, pure. RTO: the newest drill measurement of the tier's failover runbook when one
/// exists, else the critical path (longest chain of step estimates) of its step graph. RPO: the newest drill's measured
/// RPO when it has one, else the largest loss of the application's data carriers: the database (tier B: copy period
/// plus typical copy time; tier A and pilot light: the read replica's lag), S3 (replication lag), and without a
/// database the EBS copies (copy period plus copy time, whatever the tier).
/// </summary>
public static class RecoveryModel
{
    public const string Estimated = "estimated";

    public static Expectation Rto(ApplicationTier tier, AdvisorInputs inputs, RunbookShape? shape, AdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (Measured(tier, inputs, shape) is { } drill)
        {
            return new Expectation(drill.Rto.TotalSeconds, MeasuredBy(drill), $"RTO measured by {drill.RunbookId}");
        }
        if (shape is null)
        {
            return new Expectation(null, "none", $"no failover runbook for tier {tier}");
        }
        var (length, path) = CriticalPath(shape, options);
        return new Expectation(length.TotalSeconds, Estimated, $"critical path of {shape.RunbookId}: {string.Join(" -> ", path)}");
    }

    public static Expectation Rpo(ApplicationTier tier, AdvisorInputs inputs, RunbookShape? shape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Measured(tier, inputs, shape) is { Rpo: { } rpo } drill)
        {
            return new Expectation(rpo.TotalSeconds, MeasuredBy(drill), $"RPO measured by {drill.RunbookId}");
        }
        var carriers = new List<(TimeSpan Loss, string Detail)>();
        var copies = inputs.CopyPeriod + inputs.CopyTime.Value;
        var copyDetail = $"copy period {Format(inputs.CopyPeriod)} + copy time {Format(inputs.CopyTime.Value)} ({inputs.CopyTime.Source})";
        var resources = inputs.App.Resources;
        var hasDatabase = inputs.Sizes.Databases.Count > 0 || inputs.Sizes.Replicas.Count > 0 || resources.DbInstances is not null
            || resources.ReadReplicas.Count > 0 || resources.DbClusters is not null || resources.GlobalClusters.Count > 0;
        if (hasDatabase)
        {
            carriers.Add(tier == ApplicationTier.B
                ? (copies, $"database: {copyDetail}")
                : (inputs.ReplicaLag.Value, $"database: replica lag {Format(inputs.ReplicaLag.Value)} ({inputs.ReplicaLag.Source})"));
        }
        else if (resources.Volumes is not null || resources.Instances is not null)
        {
            carriers.Add((copies, $"volumes: {copyDetail}"));
        }
        if (resources.BucketPairs.Count > 0)
        {
            carriers.Add((inputs.BucketLag.Value, $"S3: replication lag {Format(inputs.BucketLag.Value)} ({inputs.BucketLag.Source})"));
        }
        if (carriers.Count == 0)
        {
            return new Expectation(null, "none", "no data carrier configured");
        }
        var worst = carriers.MaxBy(c => c.Loss);
        return new Expectation(worst.Loss.TotalSeconds, Estimated, worst.Detail);
    }

    /// <summary>The longest chain of step estimates through the graph, and its step ids in order.</summary>
    public static (TimeSpan Length, IReadOnlyList<string> Path) CriticalPath(RunbookShape shape, AdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        var steps = shape.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var memo = new Dictionary<string, (TimeSpan Length, List<string> Path)>(StringComparer.Ordinal);
        (TimeSpan, List<string>) Finish(string id, HashSet<string> visiting)
        {
            if (memo.TryGetValue(id, out var known))
            {
                return known;
            }
            if (!steps.TryGetValue(id, out var step) || !visiting.Add(id))
            {
                return (TimeSpan.Zero, []); // an unknown dependency or a cycle adds nothing (the engine refuses both)
            }
            var before = step.DependsOn.Select(d => Finish(d, visiting)).DefaultIfEmpty((TimeSpan.Zero, [])).MaxBy(p => p.Item1);
            visiting.Remove(id);
            var own = options.StepEstimates.TryGetValue(step.Action, out var estimate) ? estimate : options.DefaultStepEstimate;
            var result = (before.Item1 + own, new List<string>(before.Item2) { id });
            memo[id] = result;
            return result;
        }
        var best = shape.Steps.Select(s => Finish(s.Id, new HashSet<string>(StringComparer.Ordinal))).DefaultIfEmpty((TimeSpan.Zero, [])).MaxBy(p => p.Item1);
        return (best.Item1, best.Item2);
    }

    /// <summary>The newest measurement of the application in this tier (by tier name, or by the tier's runbook id).</summary>
    private static MeasuredRecovery? Measured(ApplicationTier tier, AdvisorInputs inputs, RunbookShape? shape) =>
        inputs.Measurements
            .Where(m => string.Equals(m.Application, inputs.Application, StringComparison.Ordinal))
            .Where(m => string.Equals(m.Tier, tier.ToString(), StringComparison.OrdinalIgnoreCase)
                || (m.Tier is null && shape is not null && string.Equals(m.RunbookId, shape.RunbookId, StringComparison.Ordinal)))
            .MaxBy(m => m.At);

    private static string MeasuredBy(MeasuredRecovery drill) =>
        string.Create(CultureInfo.InvariantCulture, $"measured (drill {drill.ExecutionId} at {drill.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})");

    internal static string Format(TimeSpan value) => value.ToString(value.TotalDays >= 1 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
