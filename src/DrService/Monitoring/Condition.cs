namespace DrService.Monitoring;

/// <summary>Whether a condition holds (Kubernetes API conventions): True, False, or Unknown (could not be observed).</summary>
public enum ConditionStatus
{
    Unknown,
    True,
    False,
}

/// <summary>How bad a False condition is, for alerts and readiness.</summary>
public enum ConditionSeverity
{
    /// <summary>Informational: shown, never alerted.</summary>
    Info,

    /// <summary>Degrades readiness; alerted as a warning.</summary>
    Warning,

    /// <summary>Failover would lose data or not work; alerted as critical.</summary>
    Critical,
}

/// <summary>
/// One observation of a long-lived thing (a replica pair, a bucket pair, a failover record set, an endpoint): its
/// <see cref="Subject"/> (e.g. <c>replica:orders-db-dr</c>), the condition <see cref="Type"/> (e.g. <c>ReplicaLagWithinRpo</c>),
/// whether it holds, a machine-readable <see cref="Reason"/> and a readable <see cref="Message"/>; <see cref="Value"/>
/// carries a measurement where one exists (lag seconds, failed objects).
/// </summary>
public sealed record Condition(
    string Application,
    string Subject,
    string Type,
    ConditionStatus Status,
    string Reason,
    string Message)
{
    public ConditionSeverity Severity { get; init; } = ConditionSeverity.Warning;

    public double? Value { get; init; }

    public static Condition True(string application, string subject, string type, string reason, string message, double? value = null) =>
        new(application, subject, type, ConditionStatus.True, reason, message) { Value = value };

    public static Condition False(string application, string subject, string type, ConditionSeverity severity, string reason, string message, double? value = null) =>
        new(application, subject, type, ConditionStatus.False, reason, message) { Severity = severity, Value = value };

    public static Condition Unknown(string application, string subject, string type, string reason, string message) =>
        new(application, subject, type, ConditionStatus.Unknown, reason, message);
}
