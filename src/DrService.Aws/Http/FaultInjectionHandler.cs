using DrService.Aws.Configuration;
using DrService.Aws.Errors;
using Microsoft.Extensions.Options;

namespace DrService.Aws.Http;

/// <summary>
/// The fault and latency layer of every AWS HTTP pipeline (ours and the official SDK's): the first matching rule
/// (run-time rules of <see cref="FaultController"/> first, then the configured ones when Faults:Enabled) with budget
/// left applies. Dark fails at once with <see cref="AwsRegionUnavailableException"/> (no network call; no client
/// retries it); throttling and 5xx answer the protocol's own error response; latency waits on the TimeProvider.
/// </summary>
public sealed class FaultInjectionHandler(
    FaultController controller,
    IOptionsMonitor<AwsOptions> options,
    TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var runtime = controller.Rules;
        var faults = options.CurrentValue.Faults;
        if (runtime.Count == 0 && !(faults.Enabled && faults.Rules.Count > 0))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        var scope = await AwsCallScope.OfAsync(request, cancellationToken);
        var text = runtime.Concat(faults.Rules).Any(r => r.RequestContains is not null) ? await RequestTextAsync(request, cancellationToken) : "";
        var rule = Match(runtime, scope, text) ?? (faults.Enabled ? Match(faults.Rules, scope, text) : null);
        if (rule is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        if (rule.Dark)
        {
            if (controller.TryUse(rule))
            {
                throw new AwsRegionUnavailableException(scope.Region, scope.Service, "the region is dark (fault injection)");
            }
            return await base.SendAsync(request, cancellationToken);
        }
        if (rule.ErrorCode is { Length: > 0 } code && controller.TryUse(rule))
        {
            if (rule.AfterCall)
            {
                // AWS did the work; the caller only sees the error (the answer was lost on the way back).
                using var answered = await base.SendAsync(request, cancellationToken);
            }
            return FaultResponses.Error(scope, request, code, (System.Net.HttpStatusCode)rule.ErrorStatus);
        }
        if (rule.ThrottleRate > 0 && controller.NextDouble() < rule.ThrottleRate && controller.TryUse(rule))
        {
            return FaultResponses.Throttling(scope, request);
        }
        if (rule.ServerErrorRate > 0 && controller.NextDouble() < rule.ServerErrorRate && controller.TryUse(rule))
        {
            return FaultResponses.ServiceUnavailable(scope, request);
        }
        if (rule.Latency > TimeSpan.Zero && rule.ThrottleRate == 0 && rule.ServerErrorRate == 0 && controller.TryUse(rule))
        {
            await Task.Delay(rule.Latency, timeProvider, cancellationToken);
        }
        else if (rule.Latency > TimeSpan.Zero && (rule.ThrottleRate > 0 || rule.ServerErrorRate > 0))
        {
            // A mixed rule: every matching call is slow; only the errors consume the limit.
            await Task.Delay(rule.Latency, timeProvider, cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The URL and (buffered, so the call can still send it) the body, for <see cref="FaultRule.RequestContains"/>.</summary>
    private static async Task<string> RequestTextAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = "";
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            body = await content.ReadAsStringAsync(cancellationToken);
        }
        return Uri.UnescapeDataString(request.RequestUri?.ToString() ?? "") + "\n" + Uri.UnescapeDataString(body.Replace('+', ' '));
    }

    private FaultRule? Match(IReadOnlyList<FaultRule> rules, AwsCallScope scope, string text)
    {
        foreach (var rule in rules)
        {
            if (Matches(rule.Region, scope.Region)
                && Matches(rule.Service, scope.Service)
                && Matches(rule.Operation, scope.Operation)
                && (rule.RequestContains is null || text.Contains(rule.RequestContains, StringComparison.Ordinal))
                && !controller.IsSpent(rule))
            {
                return rule;
            }
        }
        return null;
    }

    private static bool Matches(string pattern, string value) =>
        pattern == "*" || string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
}
