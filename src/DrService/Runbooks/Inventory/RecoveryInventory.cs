using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Inventory;

/// <summary>How much a recovery problem matters: an error refuses a start unless accepted; a warning is shown.</summary>
public enum ProblemSeverity
{
    Warning,
    Error,
}

/// <summary>
/// Something knowable before a failover starts that would fail or weaken it, named so an SRE can fix it: the
/// application, the item (a resource id, or null for the application as a whole) and the configuration key to set.
/// </summary>
public sealed record RecoveryProblem(ProblemSeverity Severity, string Application, string? Item, string ConfigKey, string Message)
{
    /// <summary>The kind of item it concerns (databases, instances...); null for the application as a whole (subnet, smoke test).</summary>
    public string? Kind { get; init; }

    public override string ToString() => $"{Severity}: {Application}{(Item is null ? "" : $" / {Item}")}: {Message} (set {ConfigKey})";
}

/// <summary>
/// One resource the application selects and what recovers it: <see cref="Key"/> is the source resource's id,
/// <see cref="Fields"/> what the runbooks' <c>${item.FIELD}</c> read, <see cref="Copy"/> the DR copy it would be
/// recovered from now and <see cref="RecoveryPoint"/> that copy's data time.
/// </summary>
public sealed record InventoryItem(string Kind, string Key, IReadOnlyDictionary<string, string> Fields)
{
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? Copy { get; init; }

    public DateTimeOffset? RecoveryPoint { get; init; }

    /// <summary>Where the item's facts came from: "source" (read in the source region now) or "dr-copies" (the source region could not be read).</summary>
    public string Source { get; init; } = "source";
}

/// <summary>
/// Every resource an application's configuration selects (by ids and by tags), paired with what recovers it in the DR
/// region, and every problem found on the way. Kinds: <see cref="Kinds"/>. Built by
/// <see cref="RecoveryInventoryResolver"/> for the plan and again when an execution is created.
/// </summary>
public sealed record RecoveryInventory(string Application, DateTimeOffset ResolvedAt, IReadOnlyList<InventoryItem> Items,
    IReadOnlyDictionary<string, string> EmptyReasons, IReadOnlyList<RecoveryProblem> Problems)
{
    public const string Instances = "instances";
    public const string Volumes = "volumes";
    public const string Databases = "databases";
    public const string Clusters = "clusters";
    public const string Replicas = "replicas";
    public const string GlobalClusters = "globalClusters";
    public const string Buckets = "buckets";
    public const string DnsRecords = "dnsRecords";

    /// <summary>Every kind a runbook's <c>forEach</c> may name.</summary>
    public static readonly IReadOnlyList<string> Kinds = [Instances, Volumes, Databases, Clusters, Replicas, GlobalClusters, Buckets, DnsRecords];

    public IReadOnlyList<RecoveryProblem> Errors => [.. Problems.Where(p => p.Severity == ProblemSeverity.Error)];

    /// <summary>
    /// The inventory as it matters to one runbook: problems of kinds the runbook does not recover are dropped (a tier A
    /// failover promotes replicas, so a database snapshot copy it would never use is not its problem).
    /// </summary>
    public RecoveryInventory For(Definitions.RunbookDefinition runbook)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        var kinds = runbook.Steps.Select(s => s.ForEach).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return this with { Problems = [.. Problems.Where(p => p.Kind is null || kinds.Contains(p.Kind))] };
    }

    public IEnumerable<InventoryItem> Of(string kind) => Items.Where(i => i.Kind == kind);

    /// <summary>The items as the runbook engine's fan-out takes them.</summary>
    public RunbookItems ToRunbookItems() => new(Kinds.ToDictionary(
        kind => kind,
        kind => (IReadOnlyList<RunbookItem>)[.. Of(kind).Select(i => new RunbookItem(i.Key, i.Fields) { Links = i.Links })],
        StringComparer.Ordinal))
    {
        EmptyReasons = EmptyReasons,
    };
}
