using System.Globalization;
using DrService.Monitoring;

namespace DrService.Witness;

/// <summary>The conditions the witness writes (monitor <c>witness</c>) and reads (Route 53's, from the <c>dns</c> monitor).</summary>
public static class WitnessConditions
{
    public const string Monitor = "witness";

    public const string PrimaryReachable = "PrimaryReachable";

    public const string SecondaryReachable = "SecondaryReachable";

    public const string PrimarySubject = "probe:primary";

    public const string SecondarySubject = "probe:secondary";

    /// <summary>Written by the <c>dns</c> monitor on <c>dns:{name}/{type}</c>.</summary>
    public const string Route53PrimaryHealthy = "Route53PrimaryHealthy";

    /// <summary>The condition of one probed endpoint after hysteresis; a down endpoint is Critical. Value: the last probe's latency in ms.</summary>
    public static Condition For(string application, string subject, string type, Uri endpoint, EndpointState state, int threshold)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(state);
        var latency = state.Last is null ? (double?)null : Math.Round(state.Last.Latency.TotalMilliseconds, 1);
        var message = string.Create(CultureInfo.InvariantCulture, $"{endpoint}: {state.Describe(threshold)}");
        return state.Status switch
        {
            EndpointStatus.Up => Condition.True(application, subject, type, "Reachable", message, latency),
            EndpointStatus.Down => Condition.False(application, subject, type, ConditionSeverity.Critical, "Unreachable", message, latency),
            _ => Condition.Unknown(application, subject, type, "NotEnoughObservations", message) with { Value = latency },
        };
    }

    /// <summary>Route 53's opinion from the stored conditions of one application.</summary>
    public static Route53Opinion Route53(IEnumerable<ConditionRecord> conditions) =>
        WitnessEvaluator.Combine(conditions
            .Where(c => c.Type == Route53PrimaryHealthy)
            .Select(c => c.Status switch { ConditionStatus.True => true, ConditionStatus.False => (bool?)false, _ => null }));
}
