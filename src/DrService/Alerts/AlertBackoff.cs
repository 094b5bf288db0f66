namespace DrService.Alerts;

/// <summary>
/// Delivery retries: exponential backoff from <see cref="First"/>, doubling per failed attempt, capped at
/// <see cref="Max"/>; a <c>Retry-After</c> answer (429, 503) is honoured when longer, up to the cap.
/// </summary>
public static class AlertBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts (1: 10 s, 2: 20 s, 3: 40 s...).</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 16);
        var backoff = TimeSpan.FromTicks(Math.Min(First.Ticks << exponent, Max.Ticks));
        return retryAfter is { } asked && asked > backoff ? (asked < Max ? asked : Max) : backoff;
    }
}
