using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using DrService.Aws.Configuration;

namespace DrService.Aws.Http;

/// <summary>
/// Fault rules added and removed at run time (tests, the sandbox), applied before the configured
/// <c>DrService:Aws:Faults</c> rules. Always active, even when <see cref="FaultOptions.Enabled"/> is false: it is
/// empty unless someone adds a rule. A singleton; thread-safe.
/// </summary>
public sealed class FaultController
{
    private readonly Lock _randomLock = new();
    private readonly Random _random;
    private readonly ConditionalWeakTable<FaultRule, StrongBox<int>> _used = [];
    private ImmutableList<FaultRule> _rules = [];

    /// <param name="random">Seed it in tests for repeatable fractional rates.</param>
    public FaultController(Random? random = null) => _random = random ?? Random.Shared;

    /// <summary>The run-time rules, in match order.</summary>
    public IReadOnlyList<FaultRule> Rules => _rules;

    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ImmutableInterlocked.Update(ref _rules, static (rules, r) => rules.Add(r), rule);
        return rule;
    }

    public bool Remove(FaultRule rule) =>
        ImmutableInterlocked.Update(ref _rules, static (rules, r) => rules.Remove(r), rule);

    public void Clear() => _rules = [];

    /// <summary>Every call to the region (and service) fails at once with AwsRegionUnavailableException.</summary>
    public FaultRule MakeDark(string region, string service = "*") =>
        Add(new FaultRule { Region = region, Service = service, Dark = true });

    /// <summary>Answers a fraction of calls with the protocol's throttling error; <paramref name="limit"/> 0 = no limit.</summary>
    /// <summary>Matching calls are answered with the AWS error <paramref name="code"/> (the first <paramref name="limit"/>, 0 = all).</summary>
    public FaultRule Fail(string region, string service, string code, int status = 400, int limit = 0, string operation = "*") =>
        Add(new FaultRule { Region = region, Service = service, Operation = operation, ErrorCode = code, ErrorStatus = status, Limit = limit });

    /// <summary>
    /// Matching calls go through to AWS (and take effect), then the caller gets the AWS error <paramref name="code"/>
    /// instead of the answer: a lost response (the first <paramref name="limit"/>, 0 = all).
    /// </summary>
    public FaultRule FailAfterCall(string region, string service, string code, int status = 500, int limit = 0, string operation = "*") =>
        Add(new FaultRule { Region = region, Service = service, Operation = operation, ErrorCode = code, ErrorStatus = status, Limit = limit, AfterCall = true });

    public FaultRule Throttle(string region, string service, double rate = 1.0, int limit = 0, string operation = "*", string? requestContains = null) =>
        Add(new FaultRule { Region = region, Service = service, Operation = operation, ThrottleRate = rate, Limit = limit, RequestContains = requestContains });

    /// <summary>Answers a fraction of calls with HTTP 503.</summary>
    public FaultRule ServerErrors(string region, string service, double rate = 1.0, int limit = 0, string operation = "*") =>
        Add(new FaultRule { Region = region, Service = service, Operation = operation, ServerErrorRate = rate, Limit = limit });

    /// <summary>Delays matching calls (with the injected TimeProvider) before they go on.</summary>
    public FaultRule AddLatency(string region, string service, TimeSpan latency, int limit = 0, string operation = "*") =>
        Add(new FaultRule { Region = region, Service = service, Operation = operation, Latency = latency, Limit = limit });

    internal double NextDouble()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Takes one use of the rule's <see cref="FaultRule.Limit"/>; false when it is spent.</summary>
    internal bool TryUse(FaultRule rule)
    {
        if (rule.Limit <= 0)
        {
            return true;
        }
        var used = _used.GetValue(rule, static _ => new StrongBox<int>());
        return Interlocked.Increment(ref used.Value) <= rule.Limit;
    }

    internal bool IsSpent(FaultRule rule) =>
        rule.Limit > 0 && _used.TryGetValue(rule, out var used) && Volatile.Read(ref used.Value) >= rule.Limit;
}
