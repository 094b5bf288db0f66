using DrService.Aws.Route53;

namespace DrService.Dns;

/// <summary>Field-by-field comparison of what Route 53 holds with what is desired, as readable diffs.</summary>
public static class DnsDiff
{
    public const string None = "(none)";

    /// <summary>Fields Route 53's UpdateHealthCheck cannot change (see <see cref="DnsOwnership.ImmutableFields"/>).</summary>
    public static readonly IReadOnlySet<string> ReplacementFields = new HashSet<string>(StringComparer.Ordinal) { "Type", "RequestInterval", "MeasureLatency" };

    public static IReadOnlyList<DnsFieldDiff> HealthCheck(HealthCheckConfig current, HealthCheckConfig desired)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var diffs = new List<DnsFieldDiff>();
        Add(diffs, "Type", current.Type, desired.Type, StringComparer.Ordinal);
        Add(diffs, "RequestInterval", Show(current.RequestInterval ?? DnsDesiredState.DefaultInterval), Show(desired.RequestInterval), StringComparer.Ordinal);
        Add(diffs, "MeasureLatency", Show(current.MeasureLatency == true), Show(desired.MeasureLatency == true), StringComparer.Ordinal);
        Add(diffs, "IPAddress", Text(current.IPAddress), Text(desired.IPAddress), StringComparer.Ordinal);
        Add(diffs, "FullyQualifiedDomainName", Host(current.FullyQualifiedDomainName), Host(desired.FullyQualifiedDomainName), StringComparer.OrdinalIgnoreCase);
        Add(diffs, "Port", Show(current.Port ?? DnsDesiredState.DefaultPort(current.Type)), Show(desired.Port), StringComparer.Ordinal);
        Add(diffs, "ResourcePath", Text(current.ResourcePath), Text(desired.ResourcePath), StringComparer.Ordinal);
        Add(diffs, "FailureThreshold", Show(current.FailureThreshold ?? DnsDesiredState.DefaultFailureThreshold), Show(desired.FailureThreshold), StringComparer.Ordinal);
        if (desired.Regions.Count > 0)
        {
            // Empty desired regions = Route 53's default set, which AWS lists back: not compared.
            Add(diffs, "Regions", List(current.Regions), List(desired.Regions), StringComparer.Ordinal);
        }
        return diffs;
    }

    /// <summary>The UpdateHealthCheck carrying only the changed, updatable fields.</summary>
    public static HealthCheckUpdate Update(HealthCheck current, HealthCheckConfig desired, IReadOnlyList<DnsFieldDiff> diffs)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(diffs);
        bool Changed(string field) => diffs.Any(d => d.Field == field);
        return new HealthCheckUpdate
        {
            HealthCheckVersion = current.HealthCheckVersion,
            IPAddress = Changed("IPAddress") ? desired.IPAddress : null,
            FullyQualifiedDomainName = Changed("FullyQualifiedDomainName") ? desired.FullyQualifiedDomainName : null,
            Port = Changed("Port") ? desired.Port : null,
            ResourcePath = Changed("ResourcePath") ? desired.ResourcePath : null,
            FailureThreshold = Changed("FailureThreshold") ? desired.FailureThreshold : null,
            Regions = Changed("Regions") ? desired.Regions : null,
        };
    }

    /// <summary>
    /// A failover record's diffs. <paramref name="healthCheckPending"/>: the desired health check is created by the same
    /// plan, so its id is shown as "(new health check)".
    /// </summary>
    public static IReadOnlyList<DnsFieldDiff> Record(ResourceRecordSet current, ResourceRecordSet desired, bool healthCheckPending)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var diffs = new List<DnsFieldDiff>();
        Add(diffs, "Failover", Text(current.Failover), Text(desired.Failover), StringComparer.Ordinal);
        if (desired.AliasTarget is { } alias)
        {
            Add(diffs, "AliasTarget.HostedZoneId", Text(current.AliasTarget?.HostedZoneId), alias.HostedZoneId, StringComparer.Ordinal);
            Add(diffs, "AliasTarget.DNSName", current.AliasTarget is null ? None : DnsOwnership.Fqdn(current.AliasTarget.DnsName), alias.DnsName, StringComparer.OrdinalIgnoreCase);
            Add(diffs, "AliasTarget.EvaluateTargetHealth", current.AliasTarget is null ? None : Show(current.AliasTarget.EvaluateTargetHealth), Show(alias.EvaluateTargetHealth), StringComparer.Ordinal);
            if (current.ResourceRecords.Count > 0)
            {
                Add(diffs, "Values", List(current.ResourceRecords), None, StringComparer.Ordinal);
            }
        }
        else
        {
            Add(diffs, "TTL", current.Ttl is { } ttl ? Show(ttl) : None, Show(desired.Ttl), StringComparer.Ordinal);
            Add(diffs, "Values", List(current.ResourceRecords), List(desired.ResourceRecords), StringComparer.OrdinalIgnoreCase);
            if (current.AliasTarget is { } was)
            {
                Add(diffs, "AliasTarget.DNSName", was.DnsName, None, StringComparer.Ordinal);
            }
        }
        var desiredCheck = healthCheckPending ? "(new health check)" : Text(desired.HealthCheckId);
        if (healthCheckPending || !string.Equals(Text(current.HealthCheckId), desiredCheck, StringComparison.Ordinal))
        {
            diffs.Add(new DnsFieldDiff("HealthCheckId", Text(current.HealthCheckId), desiredCheck));
        }
        return diffs;
    }

    /// <summary>How a record that does not exist yet would look: <c>record: (none) -> PRIMARY A ttl 60 [192.0.2.10]</c>.</summary>
    public static IReadOnlyList<DnsFieldDiff> Created(ResourceRecordSet desired, bool healthCheckPending)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var target = desired.AliasTarget is { } a
            ? $"alias {a.DnsName} ({a.HostedZoneId}) evaluate-target-health {Show(a.EvaluateTargetHealth)}"
            : $"ttl {desired.Ttl} {List(desired.ResourceRecords)}";
        var check = healthCheckPending ? " health check (new health check)" : desired.HealthCheckId is { } id ? $" health check {id}" : "";
        return [new DnsFieldDiff("record", None, $"{desired.Failover} {desired.Name} {desired.Type} {desired.SetIdentifier} {target}{check}")];
    }

    private static void Add(List<DnsFieldDiff> diffs, string field, string current, string desired, StringComparer comparer)
    {
        if (!comparer.Equals(current, desired))
        {
            diffs.Add(new DnsFieldDiff(field, current, desired));
        }
    }

    private static string Text(string? value) => string.IsNullOrEmpty(value) ? None : value;

    private static string Host(string? value) => string.IsNullOrEmpty(value) ? None : value.TrimEnd('.');

    private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? None;

    private static string Show(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? None;

    private static string Show(bool value) => value ? "true" : "false";

    private static string List(IReadOnlyList<string> values) =>
        values.Count == 0 ? None : "[" + string.Join(", ", values.Order(StringComparer.OrdinalIgnoreCase)) + "]";
}
