using DrService.Aws.Route53;

namespace DrService.Dns;

/// <summary>
/// Route 53's rule for an endpoint health check (AWS docs, "How Amazon Route 53 determines whether a health check is
/// healthy"): healthy when MORE than 18 % of its checkers report healthy, unhealthy at 18 % or less; then inverted when
/// the check is <c>Inverted</c>. A <c>Disabled</c> check is always healthy for routing, whatever the endpoint.
/// </summary>
public static class Route53Health
{
    /// <summary>The share of checkers (in percent) that must be exceeded.</summary>
    public const int HealthyPercentThreshold = 18;

    /// <summary>Route 53's verdict from checker observations; null when there are none.</summary>
    public static bool? FromObservations(int healthy, int observed, bool inverted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(healthy);
        ArgumentOutOfRangeException.ThrowIfLessThan(observed, healthy);
        return observed == 0 ? null : (healthy * 100 > HealthyPercentThreshold * observed) != inverted;
    }

    /// <summary>"5 of 8 checkers report success (more than 18 %): healthy", for messages.</summary>
    public static string Describe(IReadOnlyList<HealthCheckObservation> observations, bool inverted)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var ok = observations.Count(o => o.IsSuccess);
        var verdict = FromObservations(ok, observations.Count, inverted);
        return $"{ok} of {observations.Count} checkers report success" + verdict switch
        {
            null => "",
            true => $"{(inverted ? ", inverted" : $" (more than {HealthyPercentThreshold} %)")}: Route 53 counts it healthy",
            false => $"{(inverted ? ", inverted" : $" ({HealthyPercentThreshold} % or less)")}: Route 53 counts it unhealthy",
        };
    }
}
