using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

public sealed partial class DnsFailoverReconciler
{
    private async Task<DnsAppliedStep> HealthCheckAsync(string application, DnsRecordPlan record, DnsAction action, CancellationToken cancellationToken)
    {
        if (action.Kind == DnsActionKind.TagHealthCheck)
        {
            await route53.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, action.HealthCheckId!,
                DnsOwnership.HealthCheckTags(application, new DnsRecordOptions { Name = record.Name, Type = record.Type }), null, record.Account, cancellationToken);
            return new DnsAppliedStep(record.Subject, action.Kind, action.HealthCheckId!, DnsStepResult.Succeeded, $"tagged ({action.Detail})");
        }
        if (action.Kind == DnsActionKind.CreateHealthCheck)
        {
            var created = await route53.CreateHealthCheckAsync(action.CallerReference!, action.HealthCheckConfig!, record.Account, cancellationToken);
            var options = new DnsRecordOptions { Name = record.Name, Type = record.Type };
            await route53.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, created.Id,
                DnsOwnership.HealthCheckTags(application, options), null, record.Account, cancellationToken);
            return new DnsAppliedStep(record.Subject, action.Kind, created.Id, DnsStepResult.Succeeded, $"created {action.DiffText}");
        }
        var updated = await route53.UpdateHealthCheckAsync(action.HealthCheckId!, action.HealthCheckUpdate!, record.Account, cancellationToken);
        return new DnsAppliedStep(record.Subject, action.Kind, updated.Id, DnsStepResult.Succeeded, $"updated {action.DiffText}");
    }

    private async Task<DnsAppliedStep> DeleteAsync(DnsRecordPlan record, DnsAction action, ResourceRecordSet? user, CancellationToken cancellationToken)
    {
        if (user is not null)
        {
            return new DnsAppliedStep(record.Subject, action.Kind, action.Target, DnsStepResult.Pending,
                $"not deleted: still referenced by {user.Name} {user.Type} {user.SetIdentifier}");
        }
        await route53.DeleteHealthCheckAsync(action.HealthCheckId!, record.Account, cancellationToken);
        return new DnsAppliedStep(record.Subject, action.Kind, action.Target, DnsStepResult.Succeeded, $"deleted ({action.Detail})");
    }

    private async Task<DnsAppliedStep> RecordsAsync(
        string application, DnsRecordPlan record, IReadOnlyList<ResourceRecordSetChange> changes, string actor, CancellationToken cancellationToken)
    {
        var comment = $"DrService failover records of {application} ({record.Name} {record.Type}) by {actor}";
        var change = await route53.ChangeResourceRecordSetsAsync(record.ZoneId!, changes, comment, record.Account, cancellationToken);
        var deadline = time.GetUtcNow() + SyncTimeout;
        while (!change.IsInSync && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellationToken);
            change = await route53.GetChangeAsync(change.Id, record.Account, cancellationToken);
        }
        var target = $"{record.ZoneId}:{record.Name}/{record.Type}";
        var roles = string.Join(" + ", changes.Select(c => c.RecordSet.Failover));
        return change.IsInSync
            ? new DnsAppliedStep(record.Subject, DnsActionKind.UpsertRecord, target, DnsStepResult.Succeeded, $"upserted {roles}, change {change.Id} INSYNC") { ChangeId = change.Id }
            : new DnsAppliedStep(record.Subject, DnsActionKind.UpsertRecord, target, DnsStepResult.Pending,
                $"upserted {roles}, change {change.Id} still {change.Status} after {SyncTimeout}") { ChangeId = change.Id };
    }
}
