using System.Globalization;
using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Route53;

/// <summary>
/// Route 53 XML both ways. Request elements follow the order of the API's XML schema (sequences) and carry
/// <see cref="AwsRestXmlClient.Route53Namespace"/>; answers are read by local name.
/// </summary>
internal static class Route53Xml
{
    private static readonly XNamespace Ns = AwsRestXmlClient.Route53Namespace;

    /// <summary>An element, or null (skipped by XElement) when the value is null.</summary>
    public static XElement? Opt(string name, object? value) => value switch
    {
        null => null,
        bool b => new XElement(Ns + name, b ? "true" : "false"),
        IFormattable f => new XElement(Ns + name, f.ToString(null, CultureInfo.InvariantCulture)),
        _ => new XElement(Ns + name, value),
    };

    public static XElement El(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>"/hostedzone/Z123" and "Z123" both give "Z123".</summary>
    public static string BareId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var slash = id.LastIndexOf('/');
        return slash < 0 ? id : id[(slash + 1)..];
    }

    public static XElement ToXml(ResourceRecordSet set) => El("ResourceRecordSet",
        El("Name", set.Name),
        El("Type", set.Type),
        Opt("SetIdentifier", set.SetIdentifier),
        Opt("Weight", set.Weight),
        Opt("Region", set.Region),
        Opt("Failover", set.Failover),
        Opt("TTL", set.Ttl),
        set.ResourceRecords.Count == 0 ? null
            : El("ResourceRecords", set.ResourceRecords.Select(v => El("ResourceRecord", El("Value", v)))),
        set.AliasTarget is { } alias
            ? El("AliasTarget",
                El("HostedZoneId", alias.HostedZoneId),
                El("DNSName", alias.DnsName),
                El("EvaluateTargetHealth", alias.EvaluateTargetHealth ? "true" : "false"))
            : null,
        Opt("HealthCheckId", set.HealthCheckId));

    public static ResourceRecordSet RecordSet(XElement e) => new(e.ChildValue("Name") ?? string.Empty, e.ChildValue("Type") ?? string.Empty)
    {
        SetIdentifier = e.ChildValue("SetIdentifier"),
        Weight = Long(e.ChildValue("Weight")),
        Region = e.ChildValue("Region"),
        Failover = e.ChildValue("Failover"),
        Ttl = Long(e.ChildValue("TTL")),
        ResourceRecords = [.. e.Path("ResourceRecords", "ResourceRecord").Select(r => r.ChildValue("Value") ?? string.Empty)],
        AliasTarget = e.Child("AliasTarget") is { } a
            ? new AliasTarget(a.ChildValue("HostedZoneId") ?? string.Empty, a.ChildValue("DNSName") ?? string.Empty, Bool(a.ChildValue("EvaluateTargetHealth")) ?? false)
            : null,
        HealthCheckId = e.ChildValue("HealthCheckId"),
    };

    public static XElement ToXml(HealthCheckConfig c) => El("HealthCheckConfig",
        Opt("IPAddress", c.IPAddress),
        Opt("Port", c.Port),
        El("Type", c.Type),
        Opt("ResourcePath", c.ResourcePath),
        Opt("FullyQualifiedDomainName", c.FullyQualifiedDomainName),
        Opt("SearchString", c.SearchString),
        Opt("RequestInterval", c.RequestInterval),
        Opt("FailureThreshold", c.FailureThreshold),
        Opt("MeasureLatency", c.MeasureLatency),
        Opt("Inverted", c.Inverted),
        Opt("Disabled", c.Disabled),
        Opt("EnableSNI", c.EnableSni),
        c.Regions.Count == 0 ? null : El("Regions", c.Regions.Select(r => El("Region", r))));

    public static XElement ToXml(HealthCheckUpdate u) => El("UpdateHealthCheckRequest",
        Opt("HealthCheckVersion", u.HealthCheckVersion),
        Opt("IPAddress", u.IPAddress),
        Opt("Port", u.Port),
        Opt("ResourcePath", u.ResourcePath),
        Opt("FullyQualifiedDomainName", u.FullyQualifiedDomainName),
        Opt("SearchString", u.SearchString),
        Opt("FailureThreshold", u.FailureThreshold),
        Opt("Inverted", u.Inverted),
        Opt("Disabled", u.Disabled),
        Opt("EnableSNI", u.EnableSni),
        u.Regions is null ? null : El("Regions", u.Regions.Select(r => El("Region", r))));

    public static HealthCheck HealthCheck(XElement e)
    {
        var c = e.Child("HealthCheckConfig") ?? new XElement("HealthCheckConfig");
        var config = new HealthCheckConfig(c.ChildValue("Type") ?? string.Empty)
        {
            IPAddress = c.ChildValue("IPAddress"),
            Port = Int(c.ChildValue("Port")),
            ResourcePath = c.ChildValue("ResourcePath"),
            FullyQualifiedDomainName = c.ChildValue("FullyQualifiedDomainName"),
            SearchString = c.ChildValue("SearchString"),
            RequestInterval = Int(c.ChildValue("RequestInterval")),
            FailureThreshold = Int(c.ChildValue("FailureThreshold")),
            MeasureLatency = Bool(c.ChildValue("MeasureLatency")),
            Inverted = Bool(c.ChildValue("Inverted")),
            Disabled = Bool(c.ChildValue("Disabled")),
            EnableSni = Bool(c.ChildValue("EnableSNI")),
            Regions = [.. c.Path("Regions", "Region").Select(r => r.Value)],
        };
        return new HealthCheck(
            e.ChildValue("Id") ?? string.Empty,
            e.ChildValue("CallerReference") ?? string.Empty,
            config,
            Long(e.ChildValue("HealthCheckVersion")) ?? 1);
    }

    public static HostedZone Zone(XElement e, XElement? delegationSet = null) =>
        new(BareId(e.ChildValue("Id") ?? "?"), e.ChildValue("Name") ?? string.Empty, e.ChildValue("CallerReference") ?? string.Empty)
        {
            Comment = e.Child("Config")?.ChildValue("Comment"),
            PrivateZone = Bool(e.Child("Config")?.ChildValue("PrivateZone")) ?? false,
            ResourceRecordSetCount = Long(e.ChildValue("ResourceRecordSetCount")),
            NameServers = delegationSet is null ? [] : [.. delegationSet.Path("NameServers", "NameServer").Select(n => n.Value)],
        };

    public static ChangeInfo Change(XElement? e)
    {
        if (e is null)
        {
            throw new InvalidOperationException("The Route 53 answer carries no ChangeInfo.");
        }
        return new ChangeInfo(BareId(e.ChildValue("Id") ?? "?"), e.ChildValue("Status") ?? string.Empty, Time(e.ChildValue("SubmittedAt")) ?? default)
        {
            Comment = e.ChildValue("Comment"),
        };
    }

    public static HealthCheckObservation Observation(XElement e) => new(
        e.ChildValue("Region") ?? string.Empty,
        e.ChildValue("IPAddress") ?? string.Empty,
        e.Child("StatusReport")?.ChildValue("Status") ?? string.Empty,
        Time(e.Child("StatusReport")?.ChildValue("CheckedTime")));

    public static DateTimeOffset? Time(string? text) => string.IsNullOrEmpty(text) ? null
        : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static long? Long(string? text) => string.IsNullOrEmpty(text) ? null : long.Parse(text, CultureInfo.InvariantCulture);

    private static int? Int(string? text) => string.IsNullOrEmpty(text) ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static bool? Bool(string? text) => string.IsNullOrEmpty(text) ? null : bool.Parse(text);
}
