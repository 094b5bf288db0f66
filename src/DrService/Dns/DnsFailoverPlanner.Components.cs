using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

public sealed partial class DnsFailoverPlanner
{
    private static DnsComponent PlanHealthCheck(
        DnsRecordOptions record, string reference, DnsReadCache.Read<IReadOnlyList<HealthCheck>>? failedRead, HealthCheck? current, List<DnsAction> actions)
    {
        if (DnsDesiredState.HealthCheck(record) is not { } desired)
        {
            return DnsComponent.Of(DnsState.NotDeclared, "No health check declared: the PRIMARY alias evaluates target health.");
        }
        if (failedRead is not null)
        {
            return DnsComponent.Of(DnsState.Unknown, $"ListHealthChecks failed: {failedRead.ErrorCode}: {failedRead.ErrorMessage}");
        }
        if (current is null)
        {
            var diff = new DnsFieldDiff[] { new("health check", DnsDiff.None, Describe(desired)) };
            actions.Add(new DnsAction(DnsActionKind.CreateHealthCheck, reference, DnsState.Missing, diff)
            {
                CallerReference = reference,
                HealthCheckConfig = desired,
            });
            return new DnsComponent(DnsState.Missing, $"No health check with CallerReference {reference}.", diff);
        }
        var diffs = DnsDiff.HealthCheck(current.Config, desired);
        if (diffs.Count == 0)
        {
            return DnsComponent.Of(DnsState.InSync, $"Health check {current.Id} matches the configuration.");
        }
        var replace = diffs.Where(d => DnsDiff.ReplacementFields.Contains(d.Field)).ToList();
        if (replace.Count > 0)
        {
            return new DnsComponent(DnsState.RequiresReplacement,
                $"Health check {current.Id} differs in {string.Join(", ", replace.Select(d => d.Field))}, which Route 53 cannot update in place: {string.Join("; ", diffs)}. Replace it by hand (delete it and let DrService create it again).",
                diffs);
        }
        actions.Add(new DnsAction(DnsActionKind.UpdateHealthCheck, current.Id, DnsState.Drift, diffs)
        {
            HealthCheckId = current.Id,
            HealthCheckUpdate = DnsDiff.Update(current, desired, diffs),
        });
        return new DnsComponent(DnsState.Drift, $"Health check {current.Id} drifted: {string.Join("; ", diffs)}", diffs);
    }

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
