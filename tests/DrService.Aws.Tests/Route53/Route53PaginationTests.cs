using System.Xml.Linq;
using DrService.Aws.Route53;
using DrService.Testing;

namespace DrService.Aws.Tests.Route53;

[Collection(MotoFixture.Collection)]
public sealed class Route53PaginationTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private AwsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = new AwsTestHost(moto.Endpoint);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ListResourceRecordSets_MoreThanOnePage_ReturnsEveryRecordSet()
    {
        var r53 = new Route53Client(_host.Clients) { PageSize = 100 };
        var zone = (await r53.CreateHostedZoneAsync(new NewHostedZone("paged.example.com.", "zone-paged"), cancellationToken: Ct)).Zone;
        var changes = Enumerable.Range(0, 150)
            .Select(i => ResourceRecordSetChange.Create(new($"host{i:D3}.paged.example.com.", "A") { Ttl = 60, ResourceRecords = [$"10.0.{i / 250}.{i % 250}"] }))
            .ToList();
        await r53.ChangeResourceRecordSetsAsync(zone.Id, changes, cancellationToken: Ct);
        _host.Counter.Reset();

        var sets = await r53.ListResourceRecordSetsAsync(zone.Id, cancellationToken: Ct);

        Assert.Equal(152, sets.Count);                                  // 150 A + SOA + NS
        Assert.Equal(150, sets.Count(s => s.Type == "A"));
        Assert.Equal(sets.Count, sets.Select(s => (s.Name, s.Type)).Distinct().Count());
        Assert.Equal(2, _host.Counter.Count("route53", "us-east-1", "ListResourceRecordSets"));
    }

    [Fact]
    public async Task ListHostedZones_MoreThanOnePage_ReturnsEveryZone()
    {
        var r53 = new Route53Client(_host.Clients) { PageSize = 2 };
        for (var i = 0; i < 5; i++)
        {
            await r53.CreateHostedZoneAsync(new NewHostedZone($"z{i}.pages.example.com.", $"zone-pages-{i}"), cancellationToken: Ct);
        }
        _host.Counter.Reset();

        var zones = await r53.ListHostedZonesAsync(cancellationToken: Ct);

        Assert.Equal(5, zones.Count(z => z.Name.EndsWith(".pages.example.com.", StringComparison.Ordinal)));
        Assert.True(_host.Counter.Count("route53", "us-east-1", "ListHostedZones") >= 3);
    }

    /// <summary>moto 5.2.1 ignores marker/maxitems of ListHealthChecks, so the paging is checked on recorded pages.</summary>
    [Fact]
    public async Task ListHealthChecks_TwoPages_FollowsNextMarkerAndReturnsEveryCheck()
    {
        XNamespace ns = "https://route53.amazonaws.com/doc/2013-04-01/";
        static XElement Check(XNamespace ns, string id) => new(ns + "HealthCheck",
            new XElement(ns + "Id", id), new XElement(ns + "CallerReference", "ref-" + id),
            new XElement(ns + "HealthCheckConfig", new XElement(ns + "IPAddress", "192.0.2.1"), new XElement(ns + "Type", "TCP")),
            new XElement(ns + "HealthCheckVersion", "1"));
        var paths = new List<string>();
        var client = new Route53Client((account, operation, method, path, body, ct) =>
        {
            paths.Add(path);
            var first = !path.Contains("marker=", StringComparison.Ordinal);
            var page = new XElement(ns + "ListHealthChecksResponse",
                new XElement(ns + "HealthChecks", (first ? new[] { "hc-1", "hc-2" } : ["hc-3"]).Select(id => Check(ns, id))),
                new XElement(ns + "IsTruncated", first ? "true" : "false"),
                first ? new XElement(ns + "NextMarker", "hc-3") : null);
            return Task.FromResult(page);
        }) { PageSize = 2 };

        var checks = await client.ListHealthChecksAsync(cancellationToken: Ct);

        Assert.Equal(["hc-1", "hc-2", "hc-3"], checks.Select(c => c.Id));
        Assert.Equal(["/2013-04-01/healthcheck?maxitems=2", "/2013-04-01/healthcheck?marker=hc-3&maxitems=2"], paths);
    }

    /// <summary>moto answers every zone of the name in one page whatever maxitems says, so the paging is checked on recorded pages.</summary>
    [Fact]
    public async Task FindHostedZonesNamed_PublicAndPrivateZoneOfTheName_AsksOneAtATimeAndStopsAtTheNextName()
    {
        XNamespace ns = "https://route53.amazonaws.com/doc/2013-04-01/";
        static XElement Zone(XNamespace ns, string id, string name, bool isPrivate) => new(ns + "HostedZone",
            new XElement(ns + "Id", "/hostedzone/" + id), new XElement(ns + "Name", name), new XElement(ns + "CallerReference", "r-" + id),
            new XElement(ns + "Config", new XElement(ns + "PrivateZone", isPrivate ? "true" : "false")));
        var pages = new Dictionary<string, XElement>
        {
            ["/2013-04-01/hostedzonesbyname?dnsname=a.example.com.&maxitems=1"] = new(ns + "ListHostedZonesByNameResponse",
                new XElement(ns + "HostedZones", Zone(ns, "ZPRIV", "a.example.com.", true)), new XElement(ns + "IsTruncated", "true"),
                new XElement(ns + "NextDNSName", "a.example.com."), new XElement(ns + "NextHostedZoneId", "/hostedzone/ZPUB")),
            ["/2013-04-01/hostedzonesbyname?dnsname=a.example.com.&hostedzoneid=ZPUB&maxitems=1"] = new(ns + "ListHostedZonesByNameResponse",
                new XElement(ns + "HostedZones", Zone(ns, "ZPUB", "a.example.com.", false)), new XElement(ns + "IsTruncated", "true"),
                new XElement(ns + "NextDNSName", "b.example.com."), new XElement(ns + "NextHostedZoneId", "ZB")),
        };
        var paths = new List<string>();
        var client = new Route53Client((account, operation, method, path, body, ct) =>
        {
            paths.Add(path);
            return Task.FromResult(pages[path]);
        });

        var zones = await client.FindHostedZonesNamedAsync("a.example.com", cancellationToken: Ct);

        Assert.Equal([("ZPRIV", true), ("ZPUB", false)], zones.Select(z => (z.Id, z.PrivateZone)));
        Assert.Equal(pages.Keys, paths);   // never the page of b.example.com.
    }

    [Fact]
    public async Task FindHostedZonesNamed_ManyZones_OneCallAnswersTheZone()
    {
        var r53 = new Route53Client(_host.Clients);
        for (var i = 0; i < 5; i++)
        {
            await r53.CreateHostedZoneAsync(new NewHostedZone($"n{i}.named.example.com.", $"zone-named-{i}"), cancellationToken: Ct);
        }
        _host.Counter.Reset();

        var zone = Assert.Single(await r53.FindHostedZonesNamedAsync("n3.named.example.com.", cancellationToken: Ct));

        Assert.Equal("n3.named.example.com.", zone.Name);
        Assert.Equal(1, _host.Counter.Count("route53", "us-east-1", "ListHostedZonesByName"));
    }

    [Fact]
    public async Task ListTagsForResources_TwelveChecks_TwoCallsOfAtMostTenAndEveryChecksTags()
    {
        var r53 = new Route53Client(_host.Clients);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var check = await r53.CreateHealthCheckAsync($"tags-{i}", new HealthCheckConfig(HealthCheckTypes.Tcp) { IPAddress = "192.0.2.1", Port = 80 + i }, cancellationToken: Ct);
            await r53.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id, new Dictionary<string, string> { ["n"] = $"{i}" }, cancellationToken: Ct);
            ids.Add(check.Id);
        }
        _host.Counter.Reset();

        var tags = await r53.ListTagsForResourcesAsync(Route53TagResourceType.HealthCheck, ids, cancellationToken: Ct);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"{i}"), ids.Select(id => tags[id]["n"]));
        Assert.Equal(2, _host.Counter.Count("route53", "us-east-1", "ListTagsForResources"));
    }
}
