namespace DrService.Witness;

/// <summary>What Route 53's health checks of the primary say (the second, independent witness).</summary>
public enum Route53Opinion
{
    /// <summary>No Route 53 health check of the primary is configured (or none reports yet).</summary>
    None,

    /// <summary>A check exists but its status could not be read.</summary>
    Unknown,

    Healthy,

    Unhealthy,
}

/// <summary>The verdict with its readable reason.</summary>
public sealed record WitnessAssessment(WitnessVerdict Verdict, string Detail);

/// <summary>
/// The witness's rules, pure. <see cref="Observe"/> is the hysteresis: Threshold failures in a row make an endpoint
/// down, Threshold successes make it up, anything shorter leaves the previous status. <see cref="Evaluate"/> combines
/// DrService's probes with Route 53:
/// <list type="bullet">
/// <item>Unknown: the primary (or a probed secondary that the primary's being up would rely on) has too few observations.</item>
/// <item>PrimaryDown: the primary is down by our probes and, when agreement is required and Route 53 has a check,
/// Route 53 says unhealthy too.</item>
/// <item>Degraded: the primary is down by our probes but Route 53 does not agree (when required); or the primary is
/// up but the secondary is down, or Route 53 says the primary is unhealthy.</item>
/// <item>Healthy: the primary is up and the secondary is up or not probed.</item>
/// </list>
/// </summary>
public static class WitnessEvaluator
{
    public static EndpointState Observe(EndpointState state, ProbeResult result, int threshold)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var streak = state.LastUp == result.Up ? state.Streak + 1 : 1;
        var status = streak >= threshold ? (result.Up ? EndpointStatus.Up : EndpointStatus.Down)
            : state.Status == EndpointStatus.NotProbed ? EndpointStatus.Unknown : state.Status;
        return new EndpointState(status, result.Up, streak, result);
    }

    public static WitnessAssessment Evaluate(EndpointStatus primary, EndpointStatus secondary, Route53Opinion route53, bool requireRoute53Agreement) =>
        primary switch
        {
            EndpointStatus.Down => PrimaryDown(route53, requireRoute53Agreement),
            EndpointStatus.Up => PrimaryUp(secondary, route53),
            EndpointStatus.NotProbed => new(WitnessVerdict.Unknown, "The primary is not probed (Probes:Primary is not set)."),
            _ => new(WitnessVerdict.Unknown, "Not enough observations of the primary yet."),
        };

    /// <summary>Combines several Route 53 conditions of one application: any unhealthy wins, then any unknown.</summary>
    public static Route53Opinion Combine(IEnumerable<bool?> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.ToList();
        return all.Count == 0 ? Route53Opinion.None
            : all.Contains(false) ? Route53Opinion.Unhealthy
            : all.Contains(null) ? Route53Opinion.Unknown
            : Route53Opinion.Healthy;
    }

    private static WitnessAssessment PrimaryDown(Route53Opinion route53, bool requireAgreement) => (route53, requireAgreement) switch
    {
        (Route53Opinion.Unhealthy, _) => new(WitnessVerdict.PrimaryDown, "The primary is down: DrService's probes and Route 53's health check agree."),
        (Route53Opinion.None, _) => new(WitnessVerdict.PrimaryDown, "The primary is down by DrService's probes (no Route 53 health check to compare)."),
        (Route53Opinion.Healthy, true) => new(WitnessVerdict.Degraded, "The witnesses disagree: DrService's probes say the primary is down, Route 53's health check says it is healthy."),
        (Route53Opinion.Unknown, true) => new(WitnessVerdict.Degraded, "The witnesses disagree: DrService's probes say the primary is down, Route 53's health check could not be read."),
        (Route53Opinion.Healthy, false) => new(WitnessVerdict.PrimaryDown, "The primary is down by DrService's probes (Route 53 says healthy; agreement not required)."),
        _ => new(WitnessVerdict.PrimaryDown, "The primary is down by DrService's probes (Route 53 unknown; agreement not required)."),
    };

    private static WitnessAssessment PrimaryUp(EndpointStatus secondary, Route53Opinion route53)
    {
        var problems = new List<string>();
        if (route53 == Route53Opinion.Unhealthy)
        {
            problems.Add("the witnesses disagree: DrService's probes say the primary is up, Route 53's health check says it is unhealthy");
        }
        if (secondary == EndpointStatus.Down)
        {
            problems.Add("the secondary is down: a failover would not be clean");
        }
        if (problems.Count > 0)
        {
            return new(WitnessVerdict.Degraded, $"The primary is up, but {string.Join("; and ", problems)}.");
        }
        return secondary switch
        {
            EndpointStatus.Unknown => new(WitnessVerdict.Unknown, "The primary is up; not enough observations of the secondary yet."),
            EndpointStatus.Up => new(WitnessVerdict.Healthy, "The primary and the secondary are up."),
            _ => new(WitnessVerdict.Healthy, "The primary is up (the secondary is not probed)."),
        };
    }
}
