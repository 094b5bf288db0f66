using DrService.Aws.Errors;
using DrService.Aws.Route53;
using DrService.Configuration;
using DrService.Storage;
using Microsoft.Extensions.Options;

namespace DrService.Dns;

/// <summary>
/// Makes Route 53 match the configuration. Per record set, in order: the health check (created under a new
/// CallerReference and tagged, or updated in place with only the changed fields), then ONE ChangeResourceRecordSets
/// batch with the PRIMARY and SECONDARY upserts, then GetChange polling (on the injected clock) until INSYNC or the
/// timeout, then the deletes of checks no record uses any more (a replaced check): only when the upsert is INSYNC and
/// a fresh read of the zone shows no record set referencing them. Every change is audited. An AWS refusal stops that
/// record set (audited as failed; nothing is deleted after it) and the next one goes on.
/// </summary>
public sealed partial class DnsFailoverReconciler(
    DnsFailoverPlanner planner,
    IRoute53Client route53,
    IAuditLog audit,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time,
    ILogger<DnsFailoverReconciler> logger)
{
    public const string SystemActor = "system:dns";

    /// <summary>Between two GetChange calls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a change may stay PENDING before the step is reported <see cref="DnsStepResult.Pending"/>.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The dry run for a configured application; null when it is not configured.</summary>
    public async Task<DnsPlan?> PlanAsync(string application, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Applications.TryGetValue(application, out var app))
        {
            return null;
        }
        return await planner.PlanAsync(application, app, planner.NewCache(), cancellationToken);
    }

    public async Task<DnsApplyResult> ApplyAsync(string application, DnsPlan plan, string actor = SystemActor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var steps = new List<DnsAppliedStep>();
        var checkIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in plan.Records)
        {
            var checkId = record.HealthCheck?.Id;
            if (record.Actions.Count > 0)
            {
                checkId = await ApplyRecordAsync(application, record, actor, steps, cancellationToken);
            }
            if (checkId is not null)
            {
                checkIds[record.Subject] = checkId;
            }
        }
        return new DnsApplyResult(application, steps, checkIds);
    }

    /// <summary>Returns the record set's health check id after the change.</summary>
    private async Task<string?> ApplyRecordAsync(string application, DnsRecordPlan record, string actor, List<DnsAppliedStep> steps, CancellationToken cancellationToken)
    {
        var checkId = record.HealthCheck?.Id;
        foreach (var action in record.Actions.Where(a => a.Kind is DnsActionKind.TagHealthCheck or DnsActionKind.CreateHealthCheck or DnsActionKind.UpdateHealthCheck))
        {
            var step = await RunAsync(application, record, action, actor, () => HealthCheckAsync(application, record, action, cancellationToken), cancellationToken);
            steps.Add(step);
            if (step.Result == DnsStepResult.Failed)
            {
                return checkId;
            }
            if (action.Kind != DnsActionKind.TagHealthCheck)
            {
                checkId = step.Target;
            }
        }
        var upserts = record.Actions.Where(a => a.Kind == DnsActionKind.UpsertRecord).ToList();
        if (upserts.Count > 0)
        {
            var changes = upserts.Select(a => ResourceRecordSetChange.Upsert(a.UsesManagedHealthCheck ? a.Record! with { HealthCheckId = checkId } : a.Record!)).ToList();
            var batch = new DnsAction(DnsActionKind.UpsertRecord, $"{record.ZoneId}:{record.Name}/{record.Type}", upserts[0].Reason,
                [.. upserts.SelectMany(a => a.Diff.Select(d => d with { Field = $"{a.Role}.{d.Field}" }))]);
            var upserted = await RunAsync(application, record, batch, actor, () => RecordsAsync(application, record, changes, actor, cancellationToken), cancellationToken);
            steps.Add(upserted);
            if (upserted.Result != DnsStepResult.Succeeded)
            {
                // Not INSYNC (or refused): the record may still use the old check, so nothing is deleted; the next cycle plans it again.
                return checkId;
            }
        }
        await DeleteLeftoversAsync(application, record, checkId, actor, steps, cancellationToken);
        return checkId;
    }

    /// <summary>
    /// Deletes the planned leftover checks, after reading the zone's records again: a check any record set references
    /// (or the one the PRIMARY record now uses) is not deleted.
    /// </summary>
    private async Task DeleteLeftoversAsync(string application, DnsRecordPlan record, string? checkId, string actor, List<DnsAppliedStep> steps, CancellationToken cancellationToken)
    {
        var deletes = record.Actions.Where(a => a.Kind == DnsActionKind.DeleteHealthCheck && a.HealthCheckId != checkId).ToList();
        if (deletes.Count == 0 || record.ZoneId is null)
        {
            return;
        }
        IReadOnlyList<ResourceRecordSet> sets;
        try
        {
            sets = await route53.ListResourceRecordSetsAsync(record.ZoneId, record.Account, cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            LogChangeFailed(logger, ex, application, record.Subject, DnsActionKind.DeleteHealthCheck.ToString(), ex.ErrorCode);
            return;   // references unknown: nothing deleted
        }
        foreach (var action in deletes)
        {
            var user = sets.FirstOrDefault(s => s.HealthCheckId == action.HealthCheckId);
            var step = await RunAsync(application, record, action, actor, () => DeleteAsync(record, action, user, cancellationToken), cancellationToken);
            steps.Add(step);
            if (step.Result == DnsStepResult.Failed)
            {
                return;
            }
        }
    }

    private async Task<DnsAppliedStep> RunAsync(
        string application, DnsRecordPlan record, DnsAction action, string actor, Func<Task<DnsAppliedStep>> run, CancellationToken cancellationToken)
    {
        DnsAppliedStep step;
        try
        {
            step = await run();
        }
        catch (AwsServiceException ex)
        {
            LogChangeFailed(logger, ex, application, record.Subject, action.Kind.ToString(), ex.ErrorCode);
            step = new DnsAppliedStep(record.Subject, action.Kind, action.Target, DnsStepResult.Failed, $"{ex.ErrorCode}: {ex.AwsMessage}") { ErrorCode = ex.ErrorCode };
        }
        var details = $"{action.Reason}: {action.DiffText}" + (step.ChangeId is null ? "" : $"; change {step.ChangeId}") + (step.ErrorCode is null && action.Kind is not (DnsActionKind.DeleteHealthCheck or DnsActionKind.TagHealthCheck) ? "" : $"; {step.Detail}");
        await audit.RecordAsync(new AuditEntry(actor, AuditAction(action.Kind), step.Result.ToString().ToLowerInvariant(), application, step.Target, details), cancellationToken);
        LogChanged(logger, application, record.Subject, action.Kind.ToString(), step.Target, step.Result.ToString());
        return step;
    }

    private static string AuditAction(DnsActionKind kind) => kind switch
    {
        DnsActionKind.CreateHealthCheck => "dns.healthcheck.create",
        DnsActionKind.UpdateHealthCheck => "dns.healthcheck.update",
        DnsActionKind.DeleteHealthCheck => "dns.healthcheck.delete",
        DnsActionKind.TagHealthCheck => "dns.healthcheck.tag",
        _ => "dns.records.upsert",
    };

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "DNS {Application} {Subject}: {Kind} {Target} {Result}")]
    private static partial void LogChanged(ILogger logger, string application, string subject, string kind, string target, string result);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "DNS {Application} {Subject}: {Kind} refused by AWS ({ErrorCode})")]
    private static partial void LogChangeFailed(ILogger logger, Exception exception, string application, string subject, string kind, string errorCode);
}
