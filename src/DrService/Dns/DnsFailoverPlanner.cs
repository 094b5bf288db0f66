using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

/// <summary>
/// Reads what Route 53 holds for an application's failover records (through a per-cycle <see cref="DnsReadCache"/>)
/// and compares it with the configuration: a <see cref="DnsPlan"/> of actions with a diff each, empty when all
/// matches. It only ever plans changes to DrService's own objects: the health check found by its CallerReference and
/// the records carrying its SetIdentifiers. It never plans a delete. AWS read errors become Unknown states, not exceptions.
/// </summary>
public sealed partial class DnsFailoverPlanner(IRoute53Client route53)
{
    /// <summary>A cache for one cycle's reads; pass the same one for every application of the cycle.</summary>
    public DnsReadCache NewCache() => new(route53);

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

    private static async Task<DnsRecordPlan> PlanRecordAsync(
        string application, string account, DnsRecordOptions record, DnsReadCache cache, CancellationToken cancellationToken)
    {
        var reference = DnsOwnership.CallerReference(application, record);
        var checks = await cache.HealthChecksAsync(account, cancellationToken);
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

        // moto (and an interrupted earlier run on AWS) may leave several checks under one reference: prefer the one
        // the PRIMARY record uses, then the oldest id.
        var ours = checks.Ok ? checks.Value!.Where(c => c.CallerReference == reference).OrderBy(c => c.Id, StringComparer.Ordinal).ToList() : [];
        var check = ours.FirstOrDefault(c => c.Id == currentPrimary?.HealthCheckId) ?? ours.FirstOrDefault();

        var actions = new List<DnsAction>();
        var checkState = PlanHealthCheck(record, reference, checks.Ok ? null : checks, check, actions);
        var checkPending = actions.Any(a => a.Kind == DnsActionKind.CreateHealthCheck);
        var desiredCheckId = record.HealthCheck is null ? null : check?.Id;
        var others = sameName?.Where(s => s.SetIdentifier != primaryId && s.SetIdentifier != secondaryId).ToList();
        var primary = record.HealthCheck is not null && checkState.State == DnsState.Unknown
            ? DnsComponent.Of(DnsState.Unknown, "The PRIMARY record is not compared: its health check could not be read.")
            : PlanRecord(application, record, FailoverRoles.Primary, zoneProblem.Item1, currentPrimary, others, desiredCheckId, checkPending, actions);
        var secondary = PlanRecord(application, record, FailoverRoles.Secondary, zoneProblem.Item1, currentSecondary, others, null, false, actions);

        if (primary.State is DnsState.Conflict or DnsState.Unknown)
        {
            // The health check exists for the PRIMARY record: do not create one that nothing would use.
            actions.RemoveAll(a => a.Kind == DnsActionKind.CreateHealthCheck);
        }
        return new DnsRecordPlan(DnsOwnership.Subject(record), name, record.Type, account)
        {
            ZoneId = zone.Value,
            ZoneProblem = zoneProblem.Item1,
            ZoneProblemMessage = zoneProblem.Item2,
            CallerReference = reference,
            HealthCheck = check,
            CurrentPrimary = currentPrimary,
            CurrentSecondary = currentSecondary,
            HealthCheckState = checkState,
            Primary = primary,
            Secondary = secondary,
            SecondaryDeclared = DnsDesiredState.Record(application, record, FailoverRoles.Secondary, null) is not null,
            RepairDrift = record.RepairDrift,
            Actions = actions,
        };
    }
}
