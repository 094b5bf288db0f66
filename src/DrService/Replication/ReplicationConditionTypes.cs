using DrService.Monitoring;

namespace DrService.Replication;

/// <summary>The condition types the replication watch reports (one subject carries each of its kind's types every cycle).</summary>
public static class ReplicationConditionTypes
{
    // RDS read replicas, subject replica:{replicaId}
    public const string ReplicaExists = nameof(ReplicaExists);
    public const string ReplicaAvailable = nameof(ReplicaAvailable);
    public const string ReplicationRunning = nameof(ReplicationRunning);
    public const string ReplicaOfSource = nameof(ReplicaOfSource);
    public const string ReplicaLagWithinRpo = nameof(ReplicaLagWithinRpo);

    // Aurora global databases, subject global:{identifier}
    public const string GlobalClusterHealthy = nameof(GlobalClusterHealthy);
    public const string GlobalSecondaryInDrRegion = nameof(GlobalSecondaryInDrRegion);
    public const string GlobalLagWithinRpo = nameof(GlobalLagWithinRpo);

    // S3 replication pairs, subject bucket:{source}
    public const string SourceVersioning = nameof(SourceVersioning);
    public const string DestinationExists = nameof(DestinationExists);
    public const string DestinationVersioning = nameof(DestinationVersioning);
    public const string RuleCoversPrefix = nameof(RuleCoversPrefix);
    public const string ReplicationTimeControl = nameof(ReplicationTimeControl);
    public const string NoFailedObjects = nameof(NoFailedObjects);
    public const string ObjectsReplicated = nameof(ObjectsReplicated);
    public const string LagWithinRpo = nameof(LagWithinRpo);

    /// <summary>Types whose worst outcome is Warning; every other type's worst is Critical.</summary>
    private static readonly HashSet<string> WarningTypes = new(StringComparer.Ordinal) { ReplicationTimeControl, ObjectsReplicated };

    /// <summary>The worst severity a type can have (a lag only at risk is Warning, past the RPO Critical).</summary>
    public static ConditionSeverity WorstSeverity(string type) =>
        WarningTypes.Contains(type) ? ConditionSeverity.Warning : ConditionSeverity.Critical;

    /// <summary>True and Unknown conditions carry their type's worst severity, so that a subject reads the same every cycle.</summary>
    internal static Condition WithTypeSeverity(Condition condition) =>
        condition.Status == ConditionStatus.False ? condition : condition with { Severity = WorstSeverity(condition.Type) };
}
