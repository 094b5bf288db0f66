using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

public sealed partial class DnsFailoverPlanner
{
    /// <summary>The health check part of a record's plan: its state, the check the PRIMARY record is to use, and our other checks.</summary>
    private sealed record HealthCheckPlan(DnsComponent State, HealthCheck? Pick, IReadOnlyList<HealthCheck> Leftovers);

    /// <summary>
    /// No check of ours: create one. One with the desired immutable settings (<see cref="DnsOwnership.ImmutableFields"/>):
    /// use it, updated in place when a mutable setting differs (preferring the one the PRIMARY record uses). None with
    /// them: replace (create a new check under a new CallerReference; the PRIMARY record is switched to it, and the old
    /// one deleted after). Every other check of ours becomes a leftover to delete.
    /// </summary>
    private HealthCheckPlan PlanHealthCheck(
        string application, DnsRecordOptions record, string? failedRead, List<HealthCheck> owned, string? usedId, Func<HealthCheck, bool> deletable, List<DnsAction> actions)
    {
        if (failedRead is not null)
        {
            return new(DnsComponent.Of(DnsState.Unknown, failedRead), null, []);
        }
        if (DnsDesiredState.HealthCheck(record) is not { } desired)
        {
            var unused = owned.Where(deletable).ToList();
            return unused.Count == 0
                ? new(DnsComponent.Of(DnsState.NotDeclared, "No health check declared: the PRIMARY alias evaluates target health."), null, [])
                : new(new DnsComponent(DnsState.Drift, $"No health check declared; {Ids(unused)} of DrService left: deleted once no record uses them.",
                    [new DnsFieldDiff("health checks", Ids(unused), DnsDiff.None)]), null, unused);
        }
        var immutable = DnsOwnership.ImmutableFields(desired);
        var matching = owned.Where(c => DnsOwnership.ImmutableFields(c.Config) == immutable).ToList();
        var pick = matching.Find(c => c.Id == usedId) ?? (matching.Count > 0 ? matching[0] : null);
        var leftovers = owned.Where(c => c != pick && deletable(c)).ToList();
        var used = owned.Find(c => c.Id == usedId) ?? (owned.Count > 0 ? owned[0] : null);
        DnsComponent state;
        if (pick is null)
        {
            var reference = DnsOwnership.CallerReference(application, record, desired, time.GetUtcNow());
            if (used is null)
            {
                var diff = new DnsFieldDiff[] { new("health check", DnsDiff.None, Describe(desired)) };
                actions.Add(new DnsAction(DnsActionKind.CreateHealthCheck, reference, DnsState.Missing, diff) { CallerReference = reference, HealthCheckConfig = desired });
                return new(new DnsComponent(DnsState.Missing, "No health check of DrService for this record.", diff), null, leftovers);
            }
            var diffs = DnsDiff.HealthCheck(used.Config, desired);
            actions.Add(new DnsAction(DnsActionKind.CreateHealthCheck, reference, DnsState.RequiresReplacement, diffs) { CallerReference = reference, HealthCheckConfig = desired });
            state = new DnsComponent(DnsState.RequiresReplacement,
                $"Health check {used.Id} differs in settings Route 53 cannot update in place ({string.Join("; ", diffs)}): replaced by a new check, " +
                $"the PRIMARY record switched to it, then {used.Id} deleted", diffs);
            return new(state, null, leftovers);
        }
        var changes = DnsDiff.HealthCheck(pick.Config, desired);
        if (changes.Count > 0)
        {
            actions.Add(new DnsAction(DnsActionKind.UpdateHealthCheck, pick.Id, DnsState.Drift, changes)
            {
                HealthCheckId = pick.Id,
                HealthCheckUpdate = DnsDiff.Update(pick, desired, changes),
            });
            state = new DnsComponent(DnsState.Drift, $"Health check {pick.Id} drifted: {string.Join("; ", changes)}", changes);
        }
        else
        {
            state = DnsComponent.Of(DnsState.InSync, $"Health check {pick.Id} matches the configuration.");
        }
        if (leftovers.Count > 0 && state.State == DnsState.InSync)
        {
            state = new DnsComponent(DnsState.Drift, $"Health check {pick.Id} matches the configuration; {Ids(leftovers)} of DrService left over: deleted once no record uses them.",
                [new DnsFieldDiff("other health checks", Ids(leftovers), DnsDiff.None)]);
        }
        return new(state, pick, leftovers);
    }

    private static string Ids(IEnumerable<HealthCheck> checks) => "[" + string.Join(", ", checks.Select(c => c.Id)) + "]";

    private static DnsComponent PlanRecord(
        string application,
        DnsRecordOptions record,
        string role,
        string? zoneProblem,
        ResourceRecordSet? current,
        List<ResourceRecordSet>? others,
        string? healthCheckId,
        bool healthCheckPending,
        List<DnsAction> actions)
    {
        var desired = DnsDesiredState.Record(application, record, role, healthCheckId);
        if (desired is null)
        {
            return DnsComponent.Of(DnsState.NotDeclared, $"No {role} target declared.");
        }
        if (zoneProblem is not null || others is null)
        {
            return DnsComponent.Of(DnsState.Unknown, $"The {role} record could not be read: {zoneProblem ?? "no record list"}.");
        }
        // Route 53 keeps one PRIMARY and one SECONDARY per name and type, and refuses to mix routing policies: a record
        // someone else owns there blocks ours. DrService never changes or deletes it.
        var blocking = others.Where(o => o.Failover is null || o.Failover == role).ToList();
        if (blocking.Count > 0 && current is null)
        {
            var names = string.Join(", ", blocking.Select(o => o.SetIdentifier is null ? "a simple record" : $"SetIdentifier {o.SetIdentifier} ({o.Failover ?? "other routing"})"));
            return DnsComponent.Of(DnsState.Conflict, $"{record.Type} {desired.Name} already has {names}, not owned by DrService; the {role} record is not written.");
        }
        var pending = role == FailoverRoles.Primary && healthCheckPending;
        if (current is null)
        {
            var created = DnsDiff.Created(desired, pending);
            actions.Add(Upsert(desired, role, DnsState.Missing, created, record));
            return new DnsComponent(DnsState.Missing, $"No {role} record {desired.SetIdentifier}.", created);
        }
        var diffs = DnsDiff.Record(current, desired, pending);
        if (diffs.Count == 0)
        {
            return DnsComponent.Of(DnsState.InSync, $"The {role} record {desired.SetIdentifier} matches the configuration.");
        }
        actions.Add(Upsert(desired, role, DnsState.Drift, diffs, record));
        return new DnsComponent(DnsState.Drift, $"The {role} record {desired.SetIdentifier} drifted: {string.Join("; ", diffs)}", diffs);
    }

    private static DnsAction Upsert(ResourceRecordSet desired, string role, DnsState reason, IReadOnlyList<DnsFieldDiff> diff, DnsRecordOptions record) =>
        new(DnsActionKind.UpsertRecord, $"{desired.Name} {desired.Type} {desired.SetIdentifier}", reason, diff)
        {
            Record = desired,
            Role = role,
            UsesManagedHealthCheck = role == FailoverRoles.Primary && record.HealthCheck is not null,
        };

    private static string Describe(HealthCheckConfig c) =>
        $"{c.Type} {c.IPAddress ?? c.FullyQualifiedDomainName}:{c.Port}{c.ResourcePath} every {c.RequestInterval}s, threshold {c.FailureThreshold}"
        + (c.Regions.Count > 0 ? $", regions [{string.Join(", ", c.Regions)}]" : "");
}
