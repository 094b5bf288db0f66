using System.Globalization;
using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Witness;

namespace DrService.Readiness;

/// <summary>
/// Readiness rules, pure. NotReady: a Critical condition is False, an RPO is breached, or the secondary is down.
/// AtRisk: a Warning condition is False or cannot be observed, an RPO is at risk, the witnesses disagree, discovery
/// failed, a tier A application has no DNS failover, or no smoke-test URL is configured (a failover could not tell
/// that the service answers). Ready otherwise; Unknown when nothing is known yet.
/// Conditions about the primary (<c>PrimaryReachable</c>, <c>Route53PrimaryHealthy</c>) do not count: a primary
/// outage is when a failover is needed, not a reason it would fail.
/// </summary>
public static class ReadinessCalculator
{
    public const string ReplicaLag = "ReplicaLagWithinRpo";

    public const string S3Lag = "LagWithinRpo";

    private static readonly HashSet<string> PrimarySide = new(StringComparer.Ordinal)
    {
        WitnessConditions.PrimaryReachable,
        WitnessConditions.Route53PrimaryHealthy,
    };

    public static ApplicationReadiness Calculate(
        string application, ApplicationOptions app, IReadOnlyCollection<ConditionRecord> conditions,
        IReadOnlyCollection<ResourceStatusRecord> resources, VerdictRecord? witness)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(resources);
        var reasons = new List<ReadinessReason>();
        reasons.AddRange(conditions.Where(c => !PrimarySide.Contains(c.Type)).Select(FromCondition).OfType<ReadinessReason>());
        reasons.AddRange(resources.Select(FromResource).OfType<ReadinessReason>());
        var verdict = witness?.Verdict ?? WitnessVerdict.Unknown;
        if (verdict == WitnessVerdict.Degraded && witness!.SecondaryUp != false)
        {
            reasons.Add(new(ReadinessVerdict.AtRisk, "witness", application, "WitnessVerdict", witness.Detail));
        }
        if ((app.Recovery.SmokeTestUrl ?? app.Probes.Secondary) is null)
        {
            reasons.Add(new(ReadinessVerdict.AtRisk, "configuration", application, "SmokeTest",
                "No smoke-test URL (Recovery:SmokeTestUrl or Probes:Secondary): a failover would skip the smoke test, so its RTO is measured to infrastructure ready, not to the service answering."));
        }
        if (app.Tier == ApplicationTier.A && app.Resources.DnsRecords.Count == 0)
        {
            reasons.Add(new(ReadinessVerdict.AtRisk, "configuration", application, "DnsFailover",
                "Tier A without Resources:DnsRecords: clients would have to be moved to the DR region by hand."));
        }

        var estimate = DataLoss.Estimate(app.Tier, conditions, resources);
        var known = conditions.Any(c => c.Status != ConditionStatus.Unknown)
            || resources.Any(r => r.RpoState != RpoState.Unknown)
            || verdict != WitnessVerdict.Unknown;
        var result = !known ? ReadinessVerdict.Unknown
            : reasons.Count == 0 ? ReadinessVerdict.Ready
            : reasons.Max(r => r.Impact);
        var inputs = new ReadinessInputs(app.Tier.ToString(), app.Rpo.TotalSeconds, verdict, estimate.ReplicaLag, estimate.S3Lag,
            estimate.OldestCopyAge, estimate.WithoutCopy, app.Resources.DnsRecords.Count > 0, conditions.Count, resources.Count);
        return new ApplicationReadiness(application, result, estimate.Seconds,
            [.. reasons.OrderByDescending(r => r.Impact).ThenBy(r => r.Subject, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)],
            inputs);
    }

    private static ReadinessReason? FromCondition(ConditionRecord c)
    {
        if (c.Severity == ConditionSeverity.Info)
        {
            return null;
        }
        if (c.Type == WitnessConditions.SecondaryReachable && c.Status == ConditionStatus.False)
        {
            return new(ReadinessVerdict.NotReady, "condition", c.Subject, c.Type, $"The secondary is down: {c.Message}");
        }
        return c.Status switch
        {
            ConditionStatus.False when c.Severity == ConditionSeverity.Critical => new(ReadinessVerdict.NotReady, "condition", c.Subject, c.Type, c.Message),
            ConditionStatus.False => new(ReadinessVerdict.AtRisk, "condition", c.Subject, c.Type, c.Message),
            ConditionStatus.Unknown => new(ReadinessVerdict.AtRisk, "condition", c.Subject, c.Type, $"Could not be observed ({c.Reason}): {c.Message}"),
            _ => null,
        };
    }

    private static ReadinessReason? FromResource(ResourceStatusRecord r)
    {
        var subject = $"{r.Kind.ResourceNoun()}:{r.ResourceId}";
        if (r.ResourceId == "*")
        {
            return r.LastErrorCode is null ? null
                : new(ReadinessVerdict.AtRisk, "rpo", $"{r.Kind.ResourceNoun()}:*", "Discovery", $"Discovery failed: {r.LastErrorCode}: {r.LastErrorMessage}");
        }
        var target = string.Create(CultureInfo.InvariantCulture, $"{r.RpoTargetSeconds:0} s");
        var error = r.LastErrorCode is null ? "" : $"; last error {r.LastErrorCode}: {r.LastErrorMessage}";
        if (r.RpoAgeSeconds is not { } seconds)
        {
            // No copy at all: say so, rather than put "no copy" where an age goes.
            return r.RpoState is RpoState.Breached or RpoState.AtRisk
                ? new(r.RpoState == RpoState.Breached ? ReadinessVerdict.NotReady : ReadinessVerdict.AtRisk, "rpo", subject,
                    r.RpoState == RpoState.Breached ? "RpoBreached" : "RpoAtRisk", $"No copy in the DR region yet (RPO {target}){error}")
                : null;
        }
        var age = string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s");
        return r.RpoState switch
        {
            RpoState.Breached => new(ReadinessVerdict.NotReady, "rpo", subject, "RpoBreached", $"Newest copy age {age} exceeds the RPO of {target}{error}"),
            RpoState.AtRisk => new(ReadinessVerdict.AtRisk, "rpo", subject, "RpoAtRisk", $"Newest copy age {age} is close to the RPO of {target}{error}"),
            _ => null,
        };
    }
}
