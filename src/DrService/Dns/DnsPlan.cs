using System.Text.Json.Serialization;
using DrService.Aws.Route53;

namespace DrService.Dns;

/// <summary>What one part of a failover record set looks like compared to its desired state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DnsState>))]
public enum DnsState
{
    /// <summary>It could not be read (an AWS error, or the zone is missing).</summary>
    Unknown,

    /// <summary>It matches the configuration.</summary>
    InSync,

    /// <summary>It does not exist yet.</summary>
    Missing,

    /// <summary>It exists and differs from the configuration (changed outside DrService, or the config changed).</summary>
    Drift,

    /// <summary>
    /// The health check differs in a setting Route 53 cannot change in place (Type, RequestInterval, MeasureLatency):
    /// apply replaces it (creates a new check, switches the PRIMARY record to it, then deletes the old one).
    /// </summary>
    RequiresReplacement,

    /// <summary>A record DrService does not own stands in the way (same name and type); DrService leaves it alone.</summary>
    Conflict,

    /// <summary>Nothing is declared for it (no health check: the primary alias evaluates target health).</summary>
    NotDeclared,
}

/// <summary>One field that differs: <c>Field: current -> desired</c>.</summary>
public sealed record DnsFieldDiff(string Field, string Current, string Desired)
{
    public override string ToString() => $"{Field}: {Current} -> {Desired}";
}

/// <summary>The state of one part (health check, PRIMARY record, SECONDARY record) with its diff and a readable message.</summary>
public sealed record DnsComponent(DnsState State, string Message, IReadOnlyList<DnsFieldDiff> Diff)
{
    public static DnsComponent Of(DnsState state, string message) => new(state, message, []);

    public string DiffText => string.Join("; ", Diff);
}

[JsonConverter(typeof(JsonStringEnumConverter<DnsActionKind>))]
public enum DnsActionKind
{
    CreateHealthCheck,
    UpdateHealthCheck,
    UpsertRecord,

    /// <summary>Tags a health check DrService created (its CallerReference says so) whose tagging was interrupted.</summary>
    TagHealthCheck,

    /// <summary>Deletes a health check of DrService's that no record uses any more (after the PRIMARY record was switched away from it).</summary>
    DeleteHealthCheck,
}

/// <summary>
/// One change the reconciler makes, with why (<see cref="Reason"/>: Missing or Drift) and what differs.
/// The PRIMARY upsert of a record whose health check is created in the same plan carries the check's id only at apply time.
/// </summary>
public sealed record DnsAction(DnsActionKind Kind, string Target, DnsState Reason, IReadOnlyList<DnsFieldDiff> Diff)
{
    public string? CallerReference { get; init; }

    public HealthCheckConfig? HealthCheckConfig { get; init; }

    public string? HealthCheckId { get; init; }

    public HealthCheckUpdate? HealthCheckUpdate { get; init; }

    public ResourceRecordSet? Record { get; init; }

    /// <summary>PRIMARY or SECONDARY for record upserts.</summary>
    public string? Role { get; init; }

    /// <summary>The PRIMARY record takes the id of the application's health check (known only after it is created).</summary>
    public bool UsesManagedHealthCheck { get; init; }

    /// <summary>Why, in words (deletes).</summary>
    public string? Detail { get; init; }

    public string DiffText => string.Join("; ", Diff);
}

/// <summary>The observed and desired state of one configured failover record set, and the actions that reconcile them.</summary>
public sealed record DnsRecordPlan(string Subject, string Name, string Type, string Account)
{
    public string? ZoneId { get; init; }

    /// <summary>Why the zone is unusable (NoSuchHostedZone, an AWS error code); null when found.</summary>
    public string? ZoneProblem { get; init; }

    public string? ZoneProblemMessage { get; init; }

    /// <summary>The CallerReference of the health check the plan creates (new for each check); null when it creates none.</summary>
    public string? CallerReference { get; init; }

    /// <summary>The health check the PRIMARY record uses (or is switched to); null when one is to be created.</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>Every health check tagged as DrService's check of this record (the one in use, replaced ones, leftovers).</summary>
    public IReadOnlyList<HealthCheck> OwnedHealthChecks { get; init; } = [];

    public ResourceRecordSet? CurrentPrimary { get; init; }

    public ResourceRecordSet? CurrentSecondary { get; init; }

    public required DnsComponent HealthCheckState { get; init; }

    public required DnsComponent Primary { get; init; }

    public required DnsComponent Secondary { get; init; }

    public bool SecondaryDeclared { get; init; }

    public bool RepairDrift { get; init; }

    public IReadOnlyList<DnsAction> Actions { get; init; } = [];
}

/// <summary>The dry run for one application: per record set, what is there, what differs, and what apply would do.</summary>
public sealed record DnsPlan(string Application, IReadOnlyList<DnsRecordPlan> Records)
{
    public IEnumerable<DnsAction> Actions => Records.SelectMany(r => r.Actions);

    public bool IsEmpty => Records.All(r => r.Actions.Count == 0);
}
