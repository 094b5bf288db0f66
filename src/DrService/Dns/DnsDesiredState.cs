using System.Net;
using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

/// <summary>What the configuration asks Route 53 to hold: the primary's health check and the two failover records.</summary>
public static class DnsDesiredState
{
    public const int DefaultFailureThreshold = 3;
    public const int DefaultInterval = 30;

    /// <summary>The health check on the primary target, or null when none is declared.</summary>
    public static HealthCheckConfig? HealthCheck(DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.HealthCheck is not { } check)
        {
            return null;
        }
        var ip = check.IPAddress;
        var fqdn = check.FullyQualifiedDomainName;
        if (ip is null && fqdn is null)
        {
            var first = record.Primary?.Values.FirstOrDefault() ?? record.Primary?.Alias?.DnsName;
            if (first is not null && IPAddress.TryParse(first, out _))
            {
                ip = first;
            }
            else
            {
                fqdn = first?.TrimEnd('.');
            }
        }
        return new HealthCheckConfig(check.Type)
        {
            IPAddress = ip,
            FullyQualifiedDomainName = fqdn,
            Port = check.Port ?? DefaultPort(check.Type),
            ResourcePath = check.Type == HealthCheckTypes.Tcp ? null : check.Path,
            RequestInterval = check.Interval,
            FailureThreshold = check.FailureThreshold,
            Regions = [.. check.Regions],
        };
    }

    public static int DefaultPort(string type) => type == HealthCheckTypes.Https ? 443 : 80;

    /// <summary>The failover record of <paramref name="role"/>, or null when its target is not declared.</summary>
    public static ResourceRecordSet? Record(string application, DnsRecordOptions record, string role, string? healthCheckId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var primary = role == FailoverRoles.Primary;
        if ((primary ? record.Primary : record.Secondary) is not { } target || (target.Values.Count == 0 && target.Alias is null))
        {
            return null;
        }
        var set = new ResourceRecordSet(DnsOwnership.Fqdn(record.Name), record.Type)
        {
            SetIdentifier = primary ? DnsOwnership.PrimarySetIdentifier(application) : DnsOwnership.SecondarySetIdentifier(application),
            Failover = role,
            HealthCheckId = primary ? healthCheckId : null,
        };
        return target.Alias is { } alias
            ? set with { AliasTarget = new AliasTarget(alias.HostedZoneId, DnsOwnership.Fqdn(alias.DnsName), alias.EvaluateTargetHealth) }
            : set with { Ttl = record.Ttl, ResourceRecords = [.. target.Values] };
    }
}
