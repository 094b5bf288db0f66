using DrService.Monitoring;
using DrService.Readiness;

namespace DrService.Dashboard;

/// <summary><c>GET /api/v1/overview</c>: every configured application, worst first, with the counts per verdict.</summary>
public sealed record Overview(
    DateTimeOffset GeneratedAt,
    string PrimaryRegion,
    string DrRegion,
    IReadOnlyDictionary<string, int> Verdicts,
    IReadOnlyList<OverviewApplication> Applications);

/// <summary>
/// One row of the overview: readiness verdict, RPO now against its target, RTO of the last drill against its target,
/// the health of both sides, the open alerts, and the first reasons (all of them: <c>/api/v1/readiness/{app}</c>).
/// </summary>
public sealed record OverviewApplication(
    string Application,
    string DisplayName,
    string Tier,
    string PrimaryRegion,
    string DrRegion,
    string ActiveRegion,
    ReadinessVerdict Verdict,
    int Rank,
    OverviewRpo Rpo,
    OverviewRto Rto,
    OverviewHealth Health,
    OverviewAlerts Alerts,
    int ReasonCount,
    IReadOnlyList<ReadinessReason> Reasons);

/// <summary>
/// What a failover now would lose against the RPO: <see cref="State"/> Ok, AtRisk, Breached or Unknown;
/// <see cref="DataLossSeconds"/> the largest of the parts (null: unknown, or a resource without any copy).
/// </summary>
public sealed record OverviewRpo(
    double TargetSeconds,
    string State,
    double? DataLossSeconds,
    double? NewestCopyAgeSeconds,
    double? ReplicaLagSeconds,
    double? S3LagSeconds,
    int ResourcesWithoutCopy);

/// <summary>The last measured drill (or failover) of the application against the RTO: State Met, Missed or NoDrill.</summary>
public sealed record OverviewRto(
    double TargetSeconds,
    string State,
    double? MeasuredSeconds,
    double? MeasuredRpoSeconds,
    DateTimeOffset? MeasuredAt,
    string? Runbook,
    string? ExecutionId);

/// <summary>The witness: each side Up, Down, Unknown (not enough observations) or NotProbed; the combined verdict.</summary>
public sealed record OverviewHealth(string Primary, string Secondary, string Witness, DateTimeOffset? WitnessSince);

/// <summary>Firing alerts of the application by severity.</summary>
public sealed record OverviewAlerts(int Critical, int Warning, int Info)
{
    public static readonly OverviewAlerts None = new(0, 0, 0);

    public int Total => Critical + Warning + Info;
}

/// <summary><c>GET /api/v1/overview/{application}</c>: the row with every reason, and every condition (replication, DNS, probes).</summary>
public sealed record ApplicationOverview(DateTimeOffset GeneratedAt, OverviewApplication Summary, double RtoTargetSeconds, IReadOnlyList<ConditionView> Conditions);

public sealed record ConditionView(
    string Subject, string Type, string Monitor, string Status, string Severity, string Reason, string Message, double? Value,
    DateTimeOffset LastTransitionAt, DateTimeOffset ObservedAt, int Streak)
{
    public static ConditionView From(ConditionRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Subject, c.Type, c.Monitor, c.Status.ToString(), c.Severity.ToString(), c.Reason, c.Message, c.Value, c.LastTransitionAt, c.ObservedAt, c.Streak);
    }
}
