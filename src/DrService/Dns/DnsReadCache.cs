using System.Collections.Concurrent;
using DrService.Aws.Errors;
using DrService.Aws.Route53;

namespace DrService.Dns;

/// <summary>
/// The Route 53 reads of one cycle, made once however many records need them: ListHealthChecks once per account,
/// the zone lookup once per zone name (and not at all once <see cref="DnsZoneIds"/> knows the id from an earlier
/// cycle), ListResourceRecordSets once per zone. AWS errors are kept, not thrown, so every record reading them can
/// report them.
/// </summary>
public sealed class DnsReadCache(IRoute53Client route53, DnsZoneIds zoneIds)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Read<IReadOnlyList<HealthCheck>>>>> _checks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Read<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>>>> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Zone), Lazy<Task<Read<string>>>> _zones = new();
    private readonly ConcurrentDictionary<(string Account, string ZoneId), Lazy<Task<Read<IReadOnlyList<ResourceRecordSet>>>>> _records = new();

    /// <summary>A read's value, or the AWS error code and message that prevented it.</summary>
    public sealed record Read<T>(T? Value, string? ErrorCode, string? ErrorMessage)
        where T : class
    {
        public bool Ok => ErrorCode is null;
    }

    public Task<Read<IReadOnlyList<HealthCheck>>> HealthChecksAsync(string account, CancellationToken cancellationToken) =>
        _checks.GetOrAdd(account, a => new(() => ReadAsync(() => route53.ListHealthChecksAsync(a, cancellationToken)))).Value;

    /// <summary>
    /// The tags of the account's health checks whose CallerReference starts with <see cref="DnsOwnership.CallerReferencePrefix"/>
    /// (ListTagsForResources, 10 checks per call), by check id: how DrService finds its own checks.
    /// </summary>
    public Task<Read<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>> HealthCheckTagsAsync(string account, CancellationToken cancellationToken) =>
        _tags.GetOrAdd(account, a => new(() => ReadTagsAsync(a, cancellationToken))).Value;

    private async Task<Read<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>> ReadTagsAsync(string account, CancellationToken cancellationToken)
    {
        var checks = await HealthChecksAsync(account, cancellationToken);
        if (!checks.Ok)
        {
            return new(null, checks.ErrorCode, checks.ErrorMessage);
        }
        var ids = checks.Value!.Where(c => c.CallerReference.StartsWith(DnsOwnership.CallerReferencePrefix, StringComparison.Ordinal)).Select(c => c.Id).ToList();
        return ids.Count == 0
            ? new(new Dictionary<string, IReadOnlyDictionary<string, string>>(), null, null)
            : await ReadAsync(() => route53.ListTagsForResourcesAsync(Route53TagResourceType.HealthCheck, ids, account, cancellationToken));
    }

    /// <summary>The bare zone id of <paramref name="zone"/> (a name such as <c>example.com.</c>, or an id); NoSuchHostedZone when none.</summary>
    public Task<Read<string>> ZoneIdAsync(string account, string zone, CancellationToken cancellationToken) =>
        _zones.GetOrAdd((account, zone), key => new(() => ResolveZoneAsync(key.Account, key.Zone, cancellationToken))).Value;

    public Task<Read<IReadOnlyList<ResourceRecordSet>>> RecordSetsAsync(string account, string zoneId, CancellationToken cancellationToken) =>
        _records.GetOrAdd((account, zoneId), key => new(() => ReadRecordSetsAsync(key.Account, key.ZoneId, cancellationToken))).Value;

    private async Task<Read<IReadOnlyList<ResourceRecordSet>>> ReadRecordSetsAsync(string account, string zoneId, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(() => route53.ListResourceRecordSetsAsync(zoneId, account, cancellationToken));
        if (read.ErrorCode == "NoSuchHostedZone")
        {
            zoneIds.Forget(account, zoneId);   // deleted (and maybe created again under a new id): look the name up next cycle
        }
        return read;
    }

    /// <summary>Forgets what was read (after the reconciler changed it).</summary>
    public void Invalidate()
    {
        _checks.Clear();
        _tags.Clear();
        _records.Clear();
    }

    /// <summary>True for <c>Z0123456789ABC</c> and <c>/hostedzone/Z…</c>; names carry a dot.</summary>
    public static bool LooksLikeZoneId(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.StartsWith("/hostedzone/", StringComparison.Ordinal)
            || (!zone.Contains('.', StringComparison.Ordinal) && zone.All(char.IsAsciiLetterOrDigit));
    }

    private async Task<Read<string>> ResolveZoneAsync(string account, string zone, CancellationToken cancellationToken)
    {
        if (LooksLikeZoneId(zone))
        {
            // The id is checked by ListResourceRecordSets (NoSuchHostedZone), which the planner calls anyway.
            var id = zone[(zone.LastIndexOf('/') + 1)..];
            return new Read<string>(id, null, null);
        }
        var name = DnsOwnership.Fqdn(zone);
        if (zoneIds.TryGet(account, name, out var known))
        {
            return new Read<string>(known, null, null);
        }
        var listed = await ReadAsync(() => route53.FindHostedZonesNamedAsync(name, account, cancellationToken));
        if (!listed.Ok)
        {
            return new Read<string>(null, listed.ErrorCode, listed.ErrorMessage);
        }
        var matches = listed.Value!.Where(z => DnsOwnership.SameName(z.Name, name)).ToList();
        var pick = matches.Count > 1 ? matches.Where(z => !z.PrivateZone).ToList() : matches;
        if (pick.Count == 1)
        {
            zoneIds.Remember(account, name, pick[0].Id);
        }
        return pick.Count switch
        {
            1 => new Read<string>(pick[0].Id, null, null),
            0 => new Read<string>(null, "NoSuchHostedZone", $"No hosted zone named {name}."),
            _ => new Read<string>(null, "AmbiguousHostedZone",
                $"{pick.Count} public hosted zones are named {name} ({string.Join(", ", pick.Select(z => z.Id))}); name the zone by id."),
        };
    }

    private static async Task<Read<T>> ReadAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return new Read<T>(await read(), null, null);
        }
        catch (AwsServiceException ex)
        {
            return new Read<T>(null, ex.ErrorCode, ex.AwsMessage);
        }
        catch (HttpRequestException ex)
        {
            return new Read<T>(null, "Unreachable", ex.Message);
        }
        catch (AwsRegionUnavailableException ex)
        {
            // Route 53 unreachable (the endpoint dark, the network down): Unknown with the reason, never a 500.
            return new Read<T>(null, "RegionUnavailable", ex.Message);
        }
    }
}
