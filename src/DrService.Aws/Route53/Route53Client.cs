using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Route53;

/// <summary>One Route 53 call: the shape of <see cref="AwsRestXmlClient.SendAsync"/> (tests record it).</summary>
internal delegate Task<XElement> Route53Send(
    string account, string operation, HttpMethod method, string pathAndQuery, XElement? body, CancellationToken cancellationToken);

/// <summary>The Route 53 client on <see cref="AwsRestXmlClient"/>; split by concern into partial files.</summary>
public sealed partial class Route53Client : IRoute53Client
{
    private const string V = "/" + AwsRestXmlClient.Route53Version;

    private readonly Route53Send _send;

    public Route53Client(IAwsClientFactory aws)
        : this(SendOf(aws))
    {
    }

    internal Route53Client(Route53Send send) => _send = send;

    /// <summary>The <c>maxitems</c> of list calls; null = the service default (100 zones, 300 record sets, 100 checks).</summary>
    internal int? PageSize { get; init; }

    public async Task<CreatedHostedZone> CreateHostedZoneAsync(NewHostedZone zone, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var body = Route53Xml.El("CreateHostedZoneRequest",
            Route53Xml.El("Name", zone.Name),
            zone.Vpc is { } vpc ? Route53Xml.El("VPC", Route53Xml.El("VPCRegion", vpc.Region), Route53Xml.El("VPCId", vpc.VpcId)) : null,
            Route53Xml.El("CallerReference", zone.CallerReference),
            zone.Comment is null && zone.Vpc is null ? null
                : Route53Xml.El("HostedZoneConfig", Route53Xml.Opt("Comment", zone.Comment), Route53Xml.Opt("PrivateZone", zone.Vpc is null ? null : true)));
        var answer = await _send(account, "CreateHostedZone", HttpMethod.Post, $"{V}/hostedzone", body, cancellationToken);
        return new CreatedHostedZone(
            Route53Xml.Zone(answer.Child("HostedZone") ?? throw Missing("HostedZone"), answer.Child("DelegationSet")),
            Route53Xml.Change(answer.Child("ChangeInfo")));
    }

    public async Task<HostedZone> GetHostedZoneAsync(string hostedZoneId, string account = "default", CancellationToken cancellationToken = default)
    {
        var answer = await _send(account, "GetHostedZone", HttpMethod.Get, $"{V}/hostedzone/{Id(hostedZoneId)}", null, cancellationToken);
        return Route53Xml.Zone(answer.Child("HostedZone") ?? throw Missing("HostedZone"), answer.Child("DelegationSet"));
    }

    public async Task<IReadOnlyList<HostedZone>> ListHostedZonesAsync(string account = "default", CancellationToken cancellationToken = default)
    {
        var zones = new List<HostedZone>();
        string? marker = null;
        do
        {
            var answer = await _send(account, "ListHostedZones", HttpMethod.Get,
                $"{V}/hostedzone{Query(("marker", marker), ("maxitems", MaxItems))}", null, cancellationToken);
            zones.AddRange(answer.Path("HostedZones", "HostedZone").Select(z => Route53Xml.Zone(z)));
            marker = Truncated(answer) ? answer.ChildValue("NextMarker") : null;
        }
        while (marker is not null);
        return zones;
    }

    public async Task<IReadOnlyList<HostedZone>> ListHostedZonesByNameAsync(string? dnsName = null, string account = "default", CancellationToken cancellationToken = default)
    {
        var zones = new List<HostedZone>();
        string? zoneId = null;
        while (true)
        {
            var answer = await _send(account, "ListHostedZonesByName", HttpMethod.Get,
                $"{V}/hostedzonesbyname{Query(("dnsname", dnsName), ("hostedzoneid", zoneId), ("maxitems", MaxItems))}", null, cancellationToken);
            zones.AddRange(answer.Path("HostedZones", "HostedZone").Select(z => Route53Xml.Zone(z)));
            if (!Truncated(answer))
            {
                return zones;
            }
            dnsName = answer.ChildValue("NextDNSName");
            zoneId = answer.ChildValue("NextHostedZoneId") is { } next ? Route53Xml.BareId(next) : null;
        }
    }

    public async Task<IReadOnlyList<HostedZone>> FindHostedZonesNamedAsync(string dnsName, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dnsName);
        var name = dnsName.EndsWith('.') ? dnsName : dnsName + ".";
        var zones = new List<HostedZone>();
        string? zoneId = null;
        while (true)
        {
            // maxitems=1: the zones are sorted by name starting at dnsname, so the first answer is the zone or the next
            // name; another page is read only when the next zone carries the same name (a public and a private zone).
            var answer = await _send(account, "ListHostedZonesByName", HttpMethod.Get,
                $"{V}/hostedzonesbyname{Query(("dnsname", name), ("hostedzoneid", zoneId), ("maxitems", "1"))}", null, cancellationToken);
            var page = answer.Path("HostedZones", "HostedZone").Select(z => Route53Xml.Zone(z)).ToList();
            zones.AddRange(page.Where(z => string.Equals(z.Name, name, StringComparison.OrdinalIgnoreCase)));
            var nextName = answer.ChildValue("NextDNSName");
            if (!Truncated(answer) || page.Any(z => !string.Equals(z.Name, name, StringComparison.OrdinalIgnoreCase))
                || !string.Equals(nextName, name, StringComparison.OrdinalIgnoreCase) || answer.ChildValue("NextHostedZoneId") is not { } next)
            {
                return zones;
            }
            zoneId = Route53Xml.BareId(next);
        }
    }

    public async Task<ChangeInfo> DeleteHostedZoneAsync(string hostedZoneId, string account = "default", CancellationToken cancellationToken = default)
    {
        var answer = await _send(account, "DeleteHostedZone", HttpMethod.Delete, $"{V}/hostedzone/{Id(hostedZoneId)}", null, cancellationToken);
        return Route53Xml.Change(answer.Child("ChangeInfo"));
    }

    public async Task<ChangeInfo> GetChangeAsync(string changeId, string account = "default", CancellationToken cancellationToken = default)
    {
        var answer = await _send(account, "GetChange", HttpMethod.Get, $"{V}/change/{Id(changeId)}", null, cancellationToken);
        return Route53Xml.Change(answer.Child("ChangeInfo"));
    }

    private static Route53Send SendOf(IAwsClientFactory aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return aws.RestXml.SendAsync;
    }

    private string? MaxItems => PageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Id(string id) => Uri.EscapeDataString(Route53Xml.BareId(id));

    private static bool Truncated(XElement answer) => string.Equals(answer.ChildValue("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>"?a=1&amp;b=2" of the non-null parameters, or "".</summary>
    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }

    private static InvalidOperationException Missing(string element) => new($"The Route 53 answer carries no {element}.");
}
