using System.Xml.Linq;
using DrService.Aws.Errors;
using DrService.Aws.Protocol;
using DrService.Testing;

namespace DrService.Aws.Tests.Protocol;

[Collection(MotoFixture.Collection)]
public sealed class AwsRestXmlClientTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly XNamespace Ns = AwsRestXmlClient.Route53Namespace;
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
    public async Task SendAsync_CreateThenListHostedZones_ListsTheZone()
    {
        var body = new XElement(Ns + "CreateHostedZoneRequest",
            new XElement(Ns + "Name", "orders.example.com."),
            new XElement(Ns + "CallerReference", "create-orders-zone"));

        var created = await _host.RestXml.SendAsync("default", "CreateHostedZone", HttpMethod.Post, "/2013-04-01/hostedzone", body, CancellationToken.None);
        var listed = await _host.RestXml.SendAsync("default", "ListHostedZones", HttpMethod.Get, "/2013-04-01/hostedzone", null, CancellationToken.None);

        var zoneId = created.Child("HostedZone")?.ChildValue("Id");
        Assert.False(string.IsNullOrEmpty(zoneId));
        var zone = Assert.Single(listed.Path("HostedZones", "HostedZone"));
        Assert.Equal("orders.example.com.", zone.ChildValue("Name"));
        Assert.Equal(1, _host.Counter.Count("route53", "us-east-1", "ListHostedZones"));
    }

    [Fact]
    public async Task SendAsync_UnknownHostedZone_ThrowsNoSuchHostedZone()
    {
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => _host.RestXml.SendAsync(
            "default", "GetHostedZone", HttpMethod.Get, "/2013-04-01/hostedzone/ZMISSING0000", null, CancellationToken.None));

        Assert.Equal("NoSuchHostedZone", ex.ErrorCode);
        Assert.Equal("route53", ex.Service);
        Assert.Equal("GetHostedZone", ex.Operation);
        Assert.False(ex.IsRetryable);
    }
}
