using DrService.Aws.Route53;

namespace DrService.Sandbox;

internal sealed partial class DemoEstateSeeder
{
    /// <summary>
    /// A hosted zone with, per application, a health check on the primary endpoint and PRIMARY/SECONDARY failover
    /// A records (documentation addresses: 192.0.2.x primary, 198.51.100.x secondary).
    /// </summary>
    private async Task SeedDnsAsync(CancellationToken cancellationToken)
    {
        var zone = await route53.CreateHostedZoneAsync(
            new NewHostedZone(DemoEstate.HostedZone, "drservice-demo-zone") { Comment = "DrService sandbox demo estate" },
            cancellationToken: cancellationToken);
        var changes = new List<ResourceRecordSetChange>();
        var octet = 10;
        foreach (var app in DemoEstate.Applications)
        {
            octet++;
            var check = await route53.CreateHealthCheckAsync($"drservice-demo-{app.Name}-primary", new HealthCheckConfig(HealthCheckTypes.Http)
            {
                IPAddress = $"192.0.2.{octet}",
                Port = 80,
                ResourcePath = "/health",
                RequestInterval = 30,
                FailureThreshold = 3,
            }, cancellationToken: cancellationToken);
            changes.Add(new ResourceRecordSetChange(ChangeAction.Upsert, new ResourceRecordSet(app.RecordName, "A")
            {
                SetIdentifier = $"{app.Name}-primary",
                Failover = FailoverRoles.Primary,
                Ttl = 60,
                ResourceRecords = [$"192.0.2.{octet}"],
                HealthCheckId = check.Id,
            }));
            changes.Add(new ResourceRecordSetChange(ChangeAction.Upsert, new ResourceRecordSet(app.RecordName, "A")
            {
                SetIdentifier = $"{app.Name}-secondary",
                Failover = FailoverRoles.Secondary,
                Ttl = 60,
                ResourceRecords = [$"198.51.100.{octet}"],
            }));
        }
        await route53.ChangeResourceRecordSetsAsync(zone.Zone.Id, changes, "DrService sandbox demo failover records", cancellationToken: cancellationToken);
    }
}
