using DrService.Aws.CloudWatch;
using DrService.Aws.Route53;
using DrService.Monitoring;

namespace DrService.Dns;

/// <summary>The DNS monitor's condition types, and how a <see cref="DnsRecordPlan"/> (and a repair) become conditions.</summary>
public static class DnsConditions
{
    public const string ZoneExists = nameof(ZoneExists);
    public const string HealthCheckInSync = nameof(HealthCheckInSync);
    public const string PrimaryRecordInSync = nameof(PrimaryRecordInSync);
    public const string SecondaryRecordInSync = nameof(SecondaryRecordInSync);
    public const string Route53PrimaryHealthy = nameof(Route53PrimaryHealthy);
    public const string SecondaryTargetDeclared = nameof(SecondaryTargetDeclared);

    public static IEnumerable<Condition> From(string application, DnsRecordPlan record, DnsApplyResult? repair)
    {
        ArgumentNullException.ThrowIfNull(record);
        var s = record.Subject;
        yield return record.ZoneProblem switch
        {
            null => Condition.True(application, s, ZoneExists, "Found", $"Hosted zone {record.ZoneId} holds {record.Name}."),
            "NoSuchHostedZone" => Condition.False(application, s, ZoneExists, ConditionSeverity.Critical, "NoSuchHostedZone",
                record.ZoneProblemMessage ?? "The hosted zone does not exist."),
            _ => Condition.Unknown(application, s, ZoneExists, record.ZoneProblem, record.ZoneProblemMessage ?? record.ZoneProblem),
        };
        yield return InSync(application, s, HealthCheckInSync, record.HealthCheckState, Repaired(record, repair, DnsActionKind.TagHealthCheck, DnsActionKind.CreateHealthCheck, DnsActionKind.UpdateHealthCheck, DnsActionKind.DeleteHealthCheck));
        var records = Repaired(record, repair, DnsActionKind.UpsertRecord);
        yield return InSync(application, s, PrimaryRecordInSync, record.Primary, record.Actions.Any(a => a.Role == FailoverRoles.Primary) ? records : null);
        yield return InSync(application, s, SecondaryRecordInSync, record.Secondary, record.Actions.Any(a => a.Role == FailoverRoles.Secondary) ? records : null);
        yield return record.SecondaryDeclared
            ? Condition.True(application, s, SecondaryTargetDeclared, "Declared", $"The SECONDARY target of {record.Name} is declared.")
            : Condition.False(application, s, SecondaryTargetDeclared, ConditionSeverity.Critical, "NotDeclared",
                $"No SECONDARY target for {record.Name}: DNS has nowhere to fail over to.");
    }

    /// <summary>
    /// Route 53's verdict on the PRIMARY's health check, from its <c>AWS/Route53 HealthCheckStatus</c> metric (1 healthy,
    /// 0 unhealthy: Route 53's own aggregation, more than 18 % of checkers, inversion included). A disabled check is
    /// Unknown (Route 53 routes to the PRIMARY as if healthy, but nothing observes the endpoint); so is a missing metric,
    /// with <paramref name="detail"/> (from GetHealthCheckStatus) in the message. Unknown is never green.
    /// </summary>
    public static Condition PrimaryHealth(string application, string subject, string checkId, HealthCheckConfig? config, MetricPoint? status, string? detail)
    {
        if (config?.Disabled == true)
        {
            return Condition.Unknown(application, subject, Route53PrimaryHealthy, "Disabled",
                $"Health check {checkId} is disabled: Route 53 counts it healthy and answers PRIMARY whatever the endpoint's state, which is therefore not known.");
        }
        var inverted = config?.Inverted == true ? " (the check is inverted)" : "";
        if (status is not { } point)
        {
            return Condition.Unknown(application, subject, Route53PrimaryHealthy, "NoMetric",
                $"No AWS/Route53 HealthCheckStatus of {checkId} in CloudWatch ({MetricSeries.Route53MetricsRegion}) lately{inverted}." + (detail is null ? "" : $" {detail}"));
        }
        var at = point.Timestamp.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        return point.Value >= 1
            ? Condition.True(application, subject, Route53PrimaryHealthy, "Healthy", $"Route 53 counts health check {checkId} healthy (HealthCheckStatus 1 at {at}){inverted}.", 1.0)
            : Condition.False(application, subject, Route53PrimaryHealthy, ConditionSeverity.Critical, "Unhealthy",
                $"Route 53 counts health check {checkId} unhealthy (HealthCheckStatus {point.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} at {at}){inverted}: it answers with the SECONDARY record.", point.Value);
    }

    private static DnsAppliedStep? Repaired(DnsRecordPlan record, DnsApplyResult? repair, params DnsActionKind[] kinds) =>
        repair?.Steps.LastOrDefault(step => step.Subject == record.Subject && kinds.Contains(step.Kind));

    private static Condition InSync(string application, string subject, string type, DnsComponent component, DnsAppliedStep? repair)
    {
        if (repair is not null && component.State is DnsState.Drift or DnsState.Missing or DnsState.RequiresReplacement)
        {
            var what = $"{component.State}: {component.DiffText}";
            return repair.Result switch
            {
                DnsStepResult.Succeeded => Condition.True(application, subject, type, "Repaired", $"{what}; repaired by DrService (RepairDrift): {repair.Detail}."),
                DnsStepResult.Pending => Condition.False(application, subject, type, ConditionSeverity.Warning, "RepairPending", $"{what}; repair submitted: {repair.Detail}."),
                _ => Condition.False(application, subject, type, ConditionSeverity.Critical, component.State.ToString(), $"{what}; repair failed: {repair.Detail}."),
            };
        }
        return component.State switch
        {
            DnsState.InSync => Condition.True(application, subject, type, "InSync", component.Message),
            DnsState.NotDeclared => Condition.True(application, subject, type, "NotDeclared", component.Message),
            DnsState.Unknown => Condition.Unknown(application, subject, type, "Unobservable", component.Message),
            DnsState.Drift => Condition.False(application, subject, type, ConditionSeverity.Warning, "Drift",
                $"{component.Message}. RepairDrift is off: reported only; apply with POST /api/v1/dns/{application}/apply."),
            DnsState.RequiresReplacement => Condition.False(application, subject, type, ConditionSeverity.Warning, "RequiresReplacement",
                $"{component.Message}. RepairDrift is off: reported only; apply with POST /api/v1/dns/{application}/apply."),
            DnsState.Missing => Condition.False(application, subject, type, ConditionSeverity.Critical, "Missing",
                $"{component.Message} ({component.DiffText}). Apply with POST /api/v1/dns/{application}/apply."),
            _ => Condition.False(application, subject, type, ConditionSeverity.Critical, component.State.ToString(), component.Message),
        };
    }
}
