using DrService.Aws.Route53;
using DrService.Dns;

namespace DrService.Runbooks.Actions;

/// <summary>
/// What Route 53 would answer for a failover record set, worked out from its control plane (the only view an API
/// gives: TestDNSAnswer is not in every emulator and resolves through one edge only): the PRIMARY and SECONDARY
/// records, the PRIMARY's health check settings and its checkers' last observations (GetHealthCheckStatus: detail on
/// demand, once per step, not the monitor's per-cycle read). The PRIMARY is healthy for routing when its check is
/// disabled (Route 53 then counts it healthy whatever the endpoint: <see cref="Describe"/> says so), else when MORE
/// than 18 % of checkers report success (<see cref="Route53Health"/>), inverted if the check is inverted. A PRIMARY
/// alias without a health check evaluates its target: unknown from here.
/// </summary>
internal sealed record FailoverView(
    string ZoneId,
    string Name,
    ResourceRecordSet? Primary,
    ResourceRecordSet? Secondary,
    HealthCheck? Check,
    int Healthy,
    int Observed)
{
    public const string Unknown = "unknown";

    public bool Provisioned => Primary is not null && Secondary is not null && (Check is not null || Primary.AliasTarget is { EvaluateTargetHealth: true });

    /// <summary>True/false when it can be told; null for an alias evaluating target health, or no observation yet.</summary>
    public bool? PrimaryHealthy =>
        Check is null ? (Primary?.HealthCheckId is null && Primary?.AliasTarget is not { EvaluateTargetHealth: true } ? true : null)
        : Check.Config.Disabled == true ? true
        : Route53Health.FromObservations(Healthy, Observed, Check.Config.Inverted == true);

    /// <summary>PRIMARY, SECONDARY, or unknown.</summary>
    public string Answer => !Provisioned && Primary is null ? Unknown
        : PrimaryHealthy switch
        {
            true => FailoverRoles.Primary,
            false when Secondary is not null => FailoverRoles.Secondary,
            _ => Unknown,
        };

    public string Describe() =>
        $"{Name} in zone {ZoneId}: PRIMARY {(Primary is null ? "missing" : "present")}, SECONDARY {(Secondary is null ? "missing" : "present")}, " +
        (Check is null ? "no health check" : $"health check {Check.Id} ({Healthy}/{Observed} checkers healthy{(Check.Config.Inverted == true ? ", inverted" : "")}{(Check.Config.Disabled == true ? ", disabled: Route 53 counts it healthy whatever the endpoint's state, which is not known" : "")})") +
        $": Route 53 answers {Answer}";

    public static async Task<FailoverView> ReadAsync(IRoute53Client route53, string zone, string recordName, string? type, string account, CancellationToken cancellationToken)
    {
        var zoneId = await ZoneIdAsync(route53, zone, account, cancellationToken);
        var name = DnsOwnership.Fqdn(recordName);
        var sets = (await route53.ListResourceRecordSetsAsync(zoneId, account, cancellationToken))
            .Where(s => DnsOwnership.SameName(s.Name, name) && (type is null || string.Equals(s.Type, type, StringComparison.OrdinalIgnoreCase)) && s.Failover is not null)
            .ToList();
        var primary = sets.FirstOrDefault(s => s.Failover == FailoverRoles.Primary);
        var secondary = sets.FirstOrDefault(s => s.Failover == FailoverRoles.Secondary);
        if (primary?.HealthCheckId is not { Length: > 0 } checkId)
        {
            return new FailoverView(zoneId, name, primary, secondary, null, 0, 0);
        }
        var check = await route53.GetHealthCheckAsync(checkId, account, cancellationToken);
        var observations = await route53.GetHealthCheckStatusAsync(checkId, account, cancellationToken);
        return new FailoverView(zoneId, name, primary, secondary, check, observations.Count(o => o.IsSuccess), observations.Count);
    }

    private static async Task<string> ZoneIdAsync(IRoute53Client route53, string zone, string account, CancellationToken cancellationToken)
    {
        if (DnsReadCache.LooksLikeZoneId(zone))
        {
            return zone[(zone.LastIndexOf('/') + 1)..];
        }
        var name = DnsOwnership.Fqdn(zone);
        var matches = (await route53.FindHostedZonesNamedAsync(name, account, cancellationToken)).Where(z => DnsOwnership.SameName(z.Name, name)).ToList();
        var pick = matches.Count > 1 ? matches.Where(z => !z.PrivateZone).ToList() : matches;
        return pick.Count == 1
            ? pick[0].Id
            : throw new StepFailedException(pick.Count == 0 ? "NoSuchHostedZone" : "AmbiguousHostedZone", $"{pick.Count} hosted zones named {name}; name the zone by id.");
    }
}
