using DrService.Aws.CloudWatch;
using DrService.Aws.Errors;
using DrService.Aws.Route53;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Dns;

/// <summary>
/// The <c>dns</c> monitor: per application and failover record set (subject <c>dns:{name}/{type}</c>) it reports
/// ZoneExists, HealthCheckInSync, PrimaryRecordInSync, SecondaryRecordInSync, Route53PrimaryHealthy and
/// SecondaryTargetDeclared. Drift is reported with its diff; with RepairDrift the reconciler repairs it in the same
/// cycle and the condition says so. One ListHealthChecks per account and one ListResourceRecordSets per zone per cycle;
/// Route53PrimaryHealthy comes from ONE GetMetricData per account per cycle (AWS/Route53 HealthCheckStatus in
/// us-east-1), not from GetHealthCheckStatus, which AWS documents as not for production use: that is read only for
/// a check whose metric is missing, to explain the Unknown.
/// </summary>
public sealed partial class DnsMonitor(
    DnsFailoverPlanner planner, DnsFailoverReconciler reconciler, IRoute53Client route53, ICloudWatchClient cloudWatch, ILogger<DnsMonitor> logger) : IMonitor
{
    /// <summary>How far back a HealthCheckStatus point counts (Route 53 publishes one a minute).</summary>
    public static readonly TimeSpan MetricLookback = TimeSpan.FromMinutes(5);

    public string Name => "dns";

    /// <summary>A record whose Route53PrimaryHealthy waits for the cycle's metric read.</summary>
    private sealed record HealthToRead(string Application, DnsRecordPlan Record, string CheckId, HealthCheckConfig? Config);

    public async Task<IReadOnlyList<Condition>> ObserveAsync(DrOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cache = planner.NewCache();
        var conditions = new List<Condition>();
        var health = new List<HealthToRead>();
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
                    conditions.AddRange(await ObserveRecordAsync(application, plan, record, health, cancellationToken));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogObserveFailed(logger, ex, application);
                conditions.AddRange(app.Resources.DnsRecords.Select(r => Condition.Unknown(application, DnsOwnership.Subject(r), DnsConditions.ZoneExists,
                    "ObservationFailed", $"{ex.GetType().Name}: {ex.Message}")));
            }
        }
        foreach (var account in health.GroupBy(h => h.Record.Account, StringComparer.Ordinal))
        {
            conditions.AddRange(await PrimaryHealthAsync(account.Key, [.. account], cancellationToken));
        }
        return conditions;
    }

    private async Task<IEnumerable<Condition>> ObserveRecordAsync(
        string application, DnsPlan plan, DnsRecordPlan record, List<HealthToRead> health, CancellationToken cancellationToken)
    {
        DnsApplyResult? repair = null;
        var checkId = record.HealthCheck?.Id;
        if (record.RepairDrift && record.Actions.Count > 0)
        {
            repair = await reconciler.ApplyAsync(application, plan with { Records = [record] }, DnsFailoverReconciler.SystemActor, cancellationToken);
            checkId = repair.HealthCheckIds.GetValueOrDefault(record.Subject, checkId!);
        }
        var conditions = DnsConditions.From(application, record, repair).ToList();
        if (checkId is null)
        {
            conditions.Add(Condition.Unknown(application, record.Subject, DnsConditions.Route53PrimaryHealthy, "NoHealthCheck",
                "No Route 53 health check on the primary target" + (record.HealthCheckState.State == DnsState.NotDeclared ? " (the alias evaluates target health)." : " yet.")));
        }
        else
        {
            // A check created by the repair has the desired settings: not inverted, not disabled.
            health.Add(new HealthToRead(application, record, checkId, record.HealthCheck?.Id == checkId ? record.HealthCheck.Config : null));
        }
        return conditions;
    }

    private async Task<IEnumerable<Condition>> PrimaryHealthAsync(string account, IReadOnlyList<HealthToRead> records, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, MetricPoint?> latest;
        try
        {
            latest = await cloudWatch.GetLatestAsync(MetricSeries.Route53MetricsRegion, MetricSeries.Route53HealthCheckStatus,
                [.. records.Select(r => r.CheckId)], MetricLookback, account, cancellationToken);
        }
        catch (Exception ex) when (ex is AwsServiceException or AwsRegionUnavailableException or HttpRequestException)
        {
            return records.Select(r => Condition.Unknown(r.Application, r.Record.Subject, DnsConditions.Route53PrimaryHealthy, "MetricReadFailed",
                $"GetMetricData of AWS/Route53 HealthCheckStatus ({MetricSeries.Route53MetricsRegion}) failed: {ex.Message}"));
        }
        var conditions = new List<Condition>();
        foreach (var r in records)
        {
            var point = latest.GetValueOrDefault(r.CheckId);
            var detail = point is null && r.Config?.Disabled != true ? await DetailAsync(r, cancellationToken) : null;
            conditions.Add(DnsConditions.PrimaryHealth(r.Application, r.Record.Subject, r.CheckId, r.Config, point, detail));
        }
        return conditions;
    }

    /// <summary>Why the metric may be missing, from GetHealthCheckStatus (detail only: it never turns the condition green).</summary>
    private async Task<string> DetailAsync(HealthToRead r, CancellationToken cancellationToken)
    {
        try
        {
            var observations = await route53.GetHealthCheckStatusAsync(r.CheckId, r.Record.Account, cancellationToken);
            return $"GetHealthCheckStatus: {Route53Health.Describe(observations, r.Config?.Inverted == true)}.";
        }
        catch (AwsServiceException ex)
        {
            return $"GetHealthCheckStatus failed: {ex.ErrorCode}: {ex.AwsMessage}";
        }
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "DNS observation of {Application} failed")]
    private static partial void LogObserveFailed(ILogger logger, Exception exception, string application);
}
