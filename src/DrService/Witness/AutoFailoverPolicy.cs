using DrService.Configuration;

namespace DrService.Witness;

/// <summary>The policy's answer: start the failover now or not, and why; <see cref="DownSince"/> identifies the outage.</summary>
public sealed record FailoverDecision(bool Start, DateTimeOffset? DownSince, string Reason)
{
    /// <summary>The outage's deterministic key (one failover request per outage): <c>auto-failover-{app}-{downSinceUtc:yyyyMMddHHmmss}</c>.</summary>
    public static string KeyFor(string application, DateTimeOffset downSince) =>
        $"auto-failover-{application}-{downSince.UtcDateTime:yyyyMMddHHmmss}";
}

/// <summary>
/// When "primary down" starts the failover, pure: only when AutoFailover is enabled and the newest verdict is
/// PrimaryDown and has lasted PrimaryDownFor without a break (any other verdict in between starts the clock again, as
/// the history holds a row per change). An outage already triggered is not triggered again.
/// </summary>
public static class AutoFailoverPolicy
{
    public static FailoverDecision Decide(
        IEnumerable<VerdictRecord> history, AutoFailoverOptions options, DateTimeOffset now, DateTimeOffset? alreadyTriggeredFor)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var newest = history.OrderBy(v => v.At).ThenBy(v => v.Id).LastOrDefault();
        if (newest is null || newest.Verdict != WitnessVerdict.PrimaryDown)
        {
            return new(false, null, $"The verdict is {newest?.Verdict ?? WitnessVerdict.Unknown}, not PrimaryDown.");
        }
        var since = newest.At;
        var lasted = now - since;
        if (!options.Enabled)
        {
            return new(false, since, $"The primary has been down for {lasted:c}, but automatic failover is disabled.");
        }
        if (lasted < options.PrimaryDownFor)
        {
            return new(false, since, $"The primary has been down for {lasted:c}; automatic failover waits for {options.PrimaryDownFor:c}.");
        }
        if (alreadyTriggeredFor == since)
        {
            return new(false, since, "This outage has already requested a failover.");
        }
        return new(true, since, $"The primary has been down since {since:u} ({lasted:c}, at least {options.PrimaryDownFor:c}): {newest.Detail}");
    }
}
