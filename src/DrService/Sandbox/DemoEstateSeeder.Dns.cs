using DrService.Aws.Route53;

namespace DrService.Sandbox;

internal sealed partial class DemoEstateSeeder
{
    /// <summary>
    /// The hosted zone only: the failover records and their health checks are DrService's to provision, from the
    /// declared DnsRecords (the sandbox demo applies them at start, as an operator would with the apply endpoint).
    /// </summary>
    private async Task SeedDnsAsync(CancellationToken cancellationToken) =>
        await route53.CreateHostedZoneAsync(
            new NewHostedZone(DemoEstate.HostedZone, "drservice-demo-zone") { Comment = "DrService sandbox demo estate" },
            cancellationToken: cancellationToken);
}
