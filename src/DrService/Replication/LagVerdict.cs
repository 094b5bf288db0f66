using System.Globalization;
using DrService.Monitoring;

namespace DrService.Replication;

/// <summary>
/// Judges a replication lag against an application's RPO: past the RPO is False/Critical (<c>RpoExceeded</c>), at or
/// past <c>AtRiskFraction</c> of it False/Warning (<c>RpoAtRisk</c>), below it True (<c>WithinRpo</c>); the lag in
/// seconds is the condition's value.
/// </summary>
internal static class LagVerdict
{
    public static Condition Judge(
        string application, string subject, string type, TimeSpan lag, TimeSpan rpo, double atRiskFraction, string measuredBy)
    {
        var seconds = Math.Round(lag.TotalSeconds, 3);
        if (rpo <= TimeSpan.Zero)
        {
            return Condition.Unknown(application, subject, type, "NoRpo", $"lag {Format(lag)} ({measuredBy}); the application has no RPO to judge it against") with { Value = seconds };
        }
        var text = $"lag {Format(lag)} ({measuredBy}), RPO {Format(rpo)}";
        if (lag > rpo)
        {
            return Condition.False(application, subject, type, ConditionSeverity.Critical, "RpoExceeded", $"{text}: past the RPO", seconds);
        }
        if (lag >= rpo * atRiskFraction)
        {
            return Condition.False(application, subject, type, ConditionSeverity.Warning, "RpoAtRisk",
                $"{text}: at or past {atRiskFraction.ToString("0.##", CultureInfo.InvariantCulture)} of the RPO", seconds);
        }
        return Condition.True(application, subject, type, "WithinRpo", text, seconds);
    }

    public static string Format(TimeSpan span) =>
        span.TotalSeconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###}s")
            : span.TotalMinutes < 120
                ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#}min")
                : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#}h");
}
