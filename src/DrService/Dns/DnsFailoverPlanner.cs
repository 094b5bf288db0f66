using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

/// <summary>
/// Reads what Route 53 holds for an application's failover records (through a per-cycle <see cref="DnsReadCache"/>)
/// and compares it with the configuration: a <see cref="DnsPlan"/> of actions with a diff each, empty when all
/// matches. It only ever plans changes to DrService's own objects: the health checks tagged as this record's (see
/// <see cref="DnsOwnership"/>) and the records carrying its SetIdentifiers. The only deletes it plans are of its own
/// health checks that the PRIMARY record will no longer use (a replaced check, a leftover of an interrupted
/// replacement), and never of one another record set of the zone references. AWS read errors become Unknown states.
/// </summary>
public sealed partial class DnsFailoverPlanner(IRoute53Client route53, DnsZoneIds zoneIds, TimeProvider time)
{
    /// <summary>A cache for one cycle's reads; pass the same one for every application of the cycle.</summary>
    public DnsReadCache NewCache() => new(route53, zoneIds);

    public async Task<DnsPlan> PlanAsync(string application, ApplicationOptions options, DnsReadCache cache, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(application);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cache);
        var records = new List<DnsRecordPlan>();
        foreach (var record in options.Resources.DnsRecords)
        {
            records.Add(await PlanRecordAsync(application, options.Account, record, cache, cancellationToken));
        }
        return new DnsPlan(application, records);
    }

    private async Task<DnsRecordPlan> PlanRecordAsync(
        string application, string account, DnsRecordOptions record, DnsReadCache cache, CancellationToken cancellationToken)
    {
        var checks = await cache.HealthChecksAsync(account, cancellationToken);
        var tags = await cache.HealthCheckTagsAsync(account, cancellationToken);
        var zone = await cache.ZoneIdAsync(account, record.HostedZone, cancellationToken);
        var sets = zone.Ok ? await cache.RecordSetsAsync(account, zone.Value!, cancellationToken) : null;
        var zoneProblem = !zone.Ok ? (zone.ErrorCode, zone.ErrorMessage) : sets is { Ok: false } ? (sets.ErrorCode, sets.ErrorMessage) : (null, null);
        var name = DnsOwnership.Fqdn(record.Name);
        var sameName = sets is { Ok: true }
            ? sets.Value!.Where(s => DnsOwnership.SameName(s.Name, name) && string.Equals(s.Type, record.Type, StringComparison.Ordinal)).ToList()
            : null;
        var primaryId = DnsOwnership.PrimarySetIdentifier(application);
        var secondaryId = DnsOwnership.SecondarySetIdentifier(application);
        var currentPrimary = sameName?.FirstOrDefault(s => s.SetIdentifier == primaryId);
        var currentSecondary = sameName?.FirstOrDefault(s => s.SetIdentifier == secondaryId);

        var failedRead = !checks.Ok ? (checks.ErrorCode, checks.ErrorMessage, "ListHealthChecks")
            : !tags.Ok ? (tags.ErrorCode, tags.ErrorMessage, "ListTagsForResources") : default;
        // Ours: tagged as this record's check; or untagged with this record's reference prefix (created by DrService, the
        // tagging interrupted): adopted, tagged first by apply.
        var referencePrefix = $"{DnsOwnership.CallerReferencePrefix}{DnsOwnership.RecordKey(application, record)}:";
        var untagged = failedRead == default
            ? checks.Value!.Where(c => c.CallerReference.StartsWith(referencePrefix, StringComparison.Ordinal)
                && !(tags.Value!.TryGetValue(c.Id, out var t) && t.ContainsKey(DnsOwnership.ManagedByTag))).ToList()
            : [];
        var owned = failedRead == default
            ? checks.Value!.Where(c => (tags.Value!.TryGetValue(c.Id, out var t) && DnsOwnership.OwnsHealthCheck(t, application, record)) || untagged.Contains(c))
                .OrderBy(c => c.Id, StringComparer.Ordinal).ToList()
            : [];

        // A check another record set of the zone uses is never deleted; with the zone unreadable none is.
        var zoneSets = sets is { Ok: true } ? sets.Value! : null;
        bool Deletable(HealthCheck c) => zoneSets is not null && !zoneSets.Any(s => s.HealthCheckId == c.Id && s != currentPrimary);

        var actions = new List<DnsAction>();
        var hc = PlanHealthCheck(application, record, failedRead == default ? null : $"{failedRead.Item3} failed: {failedRead.ErrorCode}: {failedRead.ErrorMessage}",
            owned, currentPrimary?.HealthCheckId, Deletable, actions);
        var checkPending = actions.Any(a => a.Kind == DnsActionKind.CreateHealthCheck);
        var desiredCheckId = record.HealthCheck is null ? null : hc.Pick?.Id;
        var others = sameName?.Where(s => s.SetIdentifier != primaryId && s.SetIdentifier != secondaryId).ToList();
        var primary = record.HealthCheck is not null && hc.State.State == DnsState.Unknown
            ? DnsComponent.Of(DnsState.Unknown, "The PRIMARY record is not compared: its health check could not be read.")
            : PlanRecord(application, record, FailoverRoles.Primary, zoneProblem.Item1, currentPrimary, others, desiredCheckId, checkPending, actions);
        var secondary = PlanRecord(application, record, FailoverRoles.Secondary, zoneProblem.Item1, currentSecondary, others, null, false, actions);

        actions.InsertRange(0, untagged.Select(c => new DnsAction(DnsActionKind.TagHealthCheck, c.Id, DnsState.Drift,
            [new DnsFieldDiff("tags", DnsDiff.None, $"{DnsOwnership.ManagedByTag}={DnsOwnership.ManagedByValue}, {DnsOwnership.ApplicationTag}={application}, {DnsOwnership.RecordTag}={DnsOwnership.RecordTagValue(record)}")])
        {
            HealthCheckId = c.Id,
            Detail = $"created by DrService (CallerReference {c.CallerReference}) but never tagged: adopted",
        }));
        if (primary.State is DnsState.Conflict or DnsState.Unknown)
        {
            // The health check exists for the PRIMARY record: do not create one that nothing would use, nor delete one
            // while the record cannot be switched away from it.
            actions.RemoveAll(a => a.Kind == DnsActionKind.CreateHealthCheck);
        }
        else
        {
            actions.AddRange(hc.Leftovers.Select(c => Delete(c, currentPrimary)));
        }
        return new DnsRecordPlan(DnsOwnership.Subject(record), name, record.Type, account)
        {
            ZoneId = zone.Value,
            ZoneProblem = zoneProblem.Item1,
            ZoneProblemMessage = zoneProblem.Item2,
            CallerReference = actions.FirstOrDefault(a => a.Kind == DnsActionKind.CreateHealthCheck)?.CallerReference,
            HealthCheck = hc.Pick,
            OwnedHealthChecks = owned,
            CurrentPrimary = currentPrimary,
            CurrentSecondary = currentSecondary,
            HealthCheckState = hc.State,
            Primary = primary,
            Secondary = secondary,
            SecondaryDeclared = DnsDesiredState.Record(application, record, FailoverRoles.Secondary, null) is not null,
            RepairDrift = record.RepairDrift,
            Actions = actions,
        };
    }

    /// <summary>The delete of our check <paramref name="check"/>; one our PRIMARY references now is deleted by the reconciler only after the record was switched away from it (INSYNC).</summary>
    private static DnsAction Delete(HealthCheck check, ResourceRecordSet? currentPrimary) =>
        new(DnsActionKind.DeleteHealthCheck, check.Id, DnsState.Drift, [new DnsFieldDiff("health check", check.Id, DnsDiff.None)])
        {
            HealthCheckId = check.Id,
            Detail = currentPrimary?.HealthCheckId == check.Id ? "replaced: deleted once the PRIMARY record uses the new check" : "ours and used by no record",
        };
}
