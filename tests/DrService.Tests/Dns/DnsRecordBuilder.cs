using DrService.Configuration;

namespace DrService.Tests.Dns;

/// <summary>Builds a failover record's options: <c>DnsRecordBuilder.For("api.a.example.com.", "a.example.com.").Values("192.0.2.10", "198.51.100.10").Build()</c>.</summary>
internal sealed class DnsRecordBuilder
{
    private readonly DnsRecordOptions _record;

    private DnsRecordBuilder(string name, string zone) =>
        _record = new DnsRecordOptions { Name = name, HostedZone = zone, Type = "A", Ttl = 60 };

    public static DnsRecordBuilder For(string name, string zone) => new(name, zone);

    /// <summary>Literal targets with an HTTP health check on the primary value.</summary>
    public DnsRecordBuilder Values(string primary, string secondary, int threshold = 3)
    {
        _record.Primary = new DnsTargetOptions { Values = [primary] };
        _record.Secondary = new DnsTargetOptions { Values = [secondary] };
        _record.HealthCheck = new DnsHealthCheckOptions { Type = "HTTP", Path = "/health", Interval = 30, FailureThreshold = threshold };
        return this;
    }

    /// <summary>Alias targets evaluating target health, no Route 53 health check.</summary>
    public DnsRecordBuilder Aliases(string zoneId, string primary, string secondary)
    {
        _record.Primary = new DnsTargetOptions { Alias = new DnsAliasOptions { HostedZoneId = zoneId, DnsName = primary, EvaluateTargetHealth = true } };
        _record.Secondary = new DnsTargetOptions { Alias = new DnsAliasOptions { HostedZoneId = zoneId, DnsName = secondary, EvaluateTargetHealth = true } };
        _record.HealthCheck = null;
        return this;
    }

    public DnsRecordBuilder Interval(int seconds)
    {
        _record.HealthCheck!.Interval = seconds;
        return this;
    }

    public DnsRecordBuilder RepairDrift(bool repair = true)
    {
        _record.RepairDrift = repair;
        return this;
    }

    public DnsRecordOptions Build() => _record;
}
