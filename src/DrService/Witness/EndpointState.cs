namespace DrService.Witness;

/// <summary>What the witness knows of one endpoint after hysteresis.</summary>
public enum EndpointStatus
{
    /// <summary>No probe configured for it.</summary>
    NotProbed,

    /// <summary>Probed, but not yet Threshold results in a row.</summary>
    Unknown,

    Up,

    Down,
}

/// <summary>
/// One endpoint's hysteresis state: the status it counts as (changed only by Threshold equal results in a row), the
/// last raw result, and how many results in a row agree with it.
/// </summary>
public sealed record EndpointState(EndpointStatus Status, bool? LastUp, int Streak, ProbeResult? Last)
{
    public static readonly EndpointState NotProbed = new(EndpointStatus.NotProbed, null, 0, null);

    public static readonly EndpointState Initial = new(EndpointStatus.Unknown, null, 0, null);

    /// <summary>A readable account: "down; last probe HTTP 503; 2 failures in a row (threshold 3)".</summary>
    public string Describe(int threshold)
    {
        if (Last is null)
        {
            return Status == EndpointStatus.NotProbed ? "not probed" : "no probe yet";
        }
        var kind = LastUp == true ? "success(es)" : "failure(s)";
        return $"{Status.ToString().ToLowerInvariant()}; last probe {Last.Detail}; {Streak} {kind} in a row (threshold {threshold})";
    }
}
