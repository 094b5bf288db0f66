using DrService.Advisor;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Readiness;
using DrService.Witness;

namespace DrService.Dashboard;

/// <summary>What one overview row is built from (already loaded; building reads nothing).</summary>
public sealed record OverviewInputs(
    string Application,
    ApplicationOptions Options,
    RegionsOptions Regions,
    double AtRiskFraction,
    IReadOnlyCollection<ConditionRecord> Conditions,
    IReadOnlyCollection<ResourceStatusRecord> Resources,
    VerdictRecord? Verdict,
    OverviewAlerts Alerts,
    MeasuredRecovery? Measured);

/// <summary>One overview row from its inputs, pure: the readiness rules are <see cref="ReadinessCalculator"/>'s own.</summary>
public static class OverviewRows
{
    /// <summary>Reasons carried per row; the application page shows all of them.</summary>
    public const int ReasonsShown = 3;

    public static OverviewApplication Build(OverviewInputs inputs, int reasonsShown = ReasonsShown)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var app = inputs.Options;
        var readiness = ReadinessCalculator.Calculate(inputs.Application, app, inputs.Conditions, inputs.Resources, inputs.Verdict);
        var primary = app.SourceRegionOr(inputs.Regions);
        return new OverviewApplication(
            inputs.Application,
            app.DisplayNameOr(inputs.Application),
            app.Tier.ToString(),
            primary,
            inputs.Regions.Dr,
            ActiveRegion(primary, inputs.Regions.Dr, inputs.Verdict),
            readiness.Verdict,
            readiness.Rank,
            Rpo(readiness, app.Rpo, inputs.AtRiskFraction),
            Rto(app.Rto, inputs.Measured),
            Health(inputs.Conditions, inputs.Verdict),
            inputs.Alerts,
            readiness.Reasons.Count,
            [.. readiness.Reasons.Take(reasonsShown)]);
    }

    /// <summary>
    /// The region serving the application. Until failover executions record where an application runs, the
    /// configured primary (the witness can only say that the primary is down, not that traffic has moved).
    /// </summary>
    private static string ActiveRegion(string primary, string dr, VerdictRecord? verdict) =>
        verdict is { Verdict: WitnessVerdict.PrimaryDown, SecondaryUp: true, Route53PrimaryHealthy: false } ? dr : primary;

    private static OverviewRpo Rpo(ApplicationReadiness readiness, TimeSpan target, double atRiskFraction)
    {
        var i = readiness.Inputs;
        var loss = readiness.EstimatedDataLossSeconds;
        var state = i.ResourcesWithoutCopy > 0 ? "Breached"
            : loss is null ? "Unknown"
            : loss > target.TotalSeconds ? "Breached"
            : loss > target.TotalSeconds * atRiskFraction ? "AtRisk"
            : "Ok";
        return new OverviewRpo(target.TotalSeconds, state, loss, i.OldestCopyAgeSeconds, i.ReplicaLagSeconds, i.S3LagSeconds, i.ResourcesWithoutCopy);
    }

    private static OverviewRto Rto(TimeSpan target, MeasuredRecovery? measured)
    {
        if (measured is null)
        {
            return new OverviewRto(target.TotalSeconds, "NoDrill", null, null, null, null, null);
        }
        return new OverviewRto(
            target.TotalSeconds,
            measured.Rto <= target ? "Met" : "Missed",
            measured.Rto.TotalSeconds,
            measured.Rpo?.TotalSeconds,
            measured.At,
            measured.RunbookId,
            measured.ExecutionId);
    }

    private static OverviewHealth Health(IReadOnlyCollection<ConditionRecord> conditions, VerdictRecord? verdict) => new(
        Side(conditions, WitnessConditions.PrimaryReachable),
        Side(conditions, WitnessConditions.SecondaryReachable),
        (verdict?.Verdict ?? WitnessVerdict.Unknown).ToString(),
        verdict?.At);

    private static string Side(IReadOnlyCollection<ConditionRecord> conditions, string type) =>
        conditions.FirstOrDefault(c => c.Type == type && c.Monitor == WitnessConditions.Monitor)?.Status switch
        {
            ConditionStatus.True => "Up",
            ConditionStatus.False => "Down",
            ConditionStatus.Unknown => "Unknown",
            _ => "NotProbed",
        };
}
