using System.Collections.Concurrent;

namespace DrService.Dns;

/// <summary>
/// Hosted zone ids by (account, zone name), kept across cycles (a singleton): a zone's id changes only when the zone is
/// deleted and created again, which the next read of the old id reports (NoSuchHostedZone) and <see cref="Forget"/>
/// clears. Only found zones are kept, so a zone created later is found on the next cycle.
/// </summary>
public sealed class DnsZoneIds
{
    private readonly ConcurrentDictionary<(string Account, string Zone), string> _ids = new();

    public bool TryGet(string account, string zone, out string id) => _ids.TryGetValue((account, DnsOwnership.Fqdn(zone)), out id!);

    public void Remember(string account, string zone, string id) => _ids[(account, DnsOwnership.Fqdn(zone))] = id;

    /// <summary>Forgets every name that resolved to <paramref name="id"/> in <paramref name="account"/>.</summary>
    public void Forget(string account, string id)
    {
        foreach (var key in _ids.Where(e => e.Key.Account == account && e.Value == id).Select(e => e.Key).ToList())
        {
            _ids.TryRemove(key, out _);
        }
    }
}
