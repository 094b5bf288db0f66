using DrService.Aws.Errors;
using DrService.Aws.Route53;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Dns;

/// <summary>
/// The <c>dns</c> monitor: per application and failover record set (subject <c>dns:{name}/{type}</c>) it reports
/// ZoneExists, HealthCheckInSync, PrimaryRecordInSync, SecondaryRecordInSync, Route53PrimaryHealthy and
/// SecondaryTargetDeclared. Drift is reported with its diff; with RepairDrift the reconciler repairs it in the same
/// cycle and the condition says so. One ListHealthChecks per account and one ListResourceRecordSets per zone per cycle.
/// </summary>
public sealed partial class DnsMonitor(DnsFailoverPlanner planner, DnsFailoverReconciler reconciler, IRoute53Client route53, ILogger<DnsMonitor> logger) : IMonitor
{
    public string Name => "dns";

    public async Task<IReadOnlyList<Condition>> ObserveAsync(DrOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cache = planner.NewCache();
        var conditions = new List<Condition>();
        foreach (var (application, app) in options.Applications.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (app.Resources.DnsRecords.Count == 0)
            {
                continue;
            }
            try
            {
                var plan = await planner.PlanAsync(application, app, cache, cancellationToken);
                foreach (var record in plan.Records)
                {
                    conditions.AddRange(await ObserveRecordAsync(application, plan, record, cancellationToken));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogObserveFailed(logger, ex, application);
                conditions.AddRange(app.Resources.DnsRecords.Select(r => Condition.Unknown(application, DnsOwnership.Subject(r), DnsConditions.ZoneExists,
                    "ObservationFailed", $"{ex.GetType().Name}: {ex.Message}")));
            }
        }
        return conditions;
    }

    private async Task<IEnumerable<Condition>> ObserveRecordAsync(string application, DnsPlan plan, DnsRecordPlan record, CancellationToken cancellationToken)
    {
        DnsApplyResult? repair = null;
        var checkId = record.HealthCheck?.Id;
        if (record.RepairDrift && record.Actions.Count > 0)
        {
            repair = await reconciler.ApplyAsync(application, plan with { Records = [record] }, DnsFailoverReconciler.SystemActor, cancellationToken);
            checkId = repair.HealthCheckIds.GetValueOrDefault(record.Subject, checkId!);
        }
        var conditions = DnsConditions.From(application, record, repair).ToList();
        conditions.Add(await PrimaryHealthAsync(application, record, checkId, cancellationToken));
        return conditions;
    }

    private async Task<Condition> PrimaryHealthAsync(string application, DnsRecordPlan record, string? checkId, CancellationToken cancellationToken)
    {
        if (checkId is null)
        {
            return Condition.Unknown(application, record.Subject, DnsConditions.Route53PrimaryHealthy, "NoHealthCheck",
                "No Route 53 health check on the primary target" + (record.HealthCheckState.State == DnsState.NotDeclared ? " (the alias evaluates target health)." : " yet."));
        }
        IReadOnlyList<HealthCheckObservation> observations;
        try
        {
            observations = await route53.GetHealthCheckStatusAsync(checkId, record.Account, cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            return Condition.Unknown(application, record.Subject, DnsConditions.Route53PrimaryHealthy, ex.ErrorCode, $"GetHealthCheckStatus of {checkId} failed: {ex.AwsMessage}");
        }
        return DnsConditions.PrimaryHealth(application, record.Subject, checkId, observations);
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "DNS observation of {Application} failed")]
    private static partial void LogObserveFailed(ILogger logger, Exception exception, string application);
}
