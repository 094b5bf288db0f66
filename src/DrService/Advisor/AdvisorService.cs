using System.Diagnostics;
using DrService.Configuration;
using DrService.Telemetry;
using Microsoft.Extensions.Options;

namespace DrService.Advisor;

/// <summary>
/// Evaluates the advice for every application: sizes from AWS (listed at most once per
/// <see cref="AdvisorOptions.SizeCacheFor"/>, one listing at a time), the inputs from the database (copy history,
/// replication conditions) and the drill measurements, then the pure <see cref="AdvisorCalculator"/>. Each evaluation
/// is a span (<c>Advisor.Evaluate</c>) and sets the gauge <c>dr.advisor.monthly_cost</c> per application and tier.
/// </summary>
public sealed partial class AdvisorService(
    EstateSizeReader reader,
    AdvisorInputsLoader loader,
    IRecoveryMeasurements measurements,
    IFailoverRunbookShapes shapes,
    AdvisorBoard board,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _listing = new(1, 1);
    private (DateTimeOffset At, IReadOnlyDictionary<string, ApplicationSizes> Sizes)? _cache;

    /// <summary>Every configured application's advice, by application name.</summary>
    public async Task<IReadOnlyList<ApplicationAdvice>> EvaluateAllAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        using var activity = DrTelemetry.Source.StartActivity("Advisor.Evaluate");
        activity?.SetTag("dr.applications", current.Applications.Count);
        var sizes = await SizesAsync(current, cancellationToken);
        var measured = await measurements.LatestAsync(cancellationToken);
        var now = time.GetUtcNow();
        var results = new List<ApplicationAdvice>();
        foreach (var (name, app) in current.Applications.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var inputs = await loader.LoadAsync(name, app, current, sizes.GetValueOrDefault(name) ?? ApplicationSizes.Empty(name, now), measured, cancellationToken);
            var advice = AdvisorCalculator.Evaluate(inputs, current.Pricing, current.Advisor, shapes, now);
            board.Record(advice);
            results.Add(advice);
        }
        activity?.SetStatus(ActivityStatusCode.Ok);
        return results;
    }

    /// <summary>One application's advice; null when it is not configured.</summary>
    public async Task<ApplicationAdvice?> EvaluateAsync(string application, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!current.Applications.TryGetValue(application, out var app))
        {
            return null;
        }
        using var activity = DrTelemetry.Source.StartActivity("Advisor.Evaluate");
        activity?.SetTag("dr.application", application);
        var sizes = await SizesAsync(current, cancellationToken);
        var now = time.GetUtcNow();
        var inputs = await loader.LoadAsync(application, app, current, sizes.GetValueOrDefault(application) ?? ApplicationSizes.Empty(application, now),
            await measurements.LatestAsync(cancellationToken), cancellationToken);
        var advice = AdvisorCalculator.Evaluate(inputs, current.Pricing, current.Advisor, shapes, now);
        board.Record(advice);
        return advice;
    }

    /// <summary>Forgets the cached sizes: the next evaluation lists them again.</summary>
    public void Invalidate() => _cache = null;

    public void Dispose() => _listing.Dispose();

    private async Task<IReadOnlyDictionary<string, ApplicationSizes>> SizesAsync(DrOptions current, CancellationToken cancellationToken)
    {
        if (Fresh(current) is { } cached)
        {
            return cached;
        }
        await _listing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(current) is { } again)
            {
                return again; // another request listed them while this one waited
            }
            var sizes = await reader.ReadAsync(current, cancellationToken);
            _cache = (time.GetUtcNow(), sizes);
            return sizes;
        }
        finally
        {
            _listing.Release();
        }
    }

    private IReadOnlyDictionary<string, ApplicationSizes>? Fresh(DrOptions current) =>
        _cache is { } c && time.GetUtcNow() - c.At < current.Advisor.SizeCacheFor && current.Applications.Keys.All(c.Sizes.ContainsKey) ? c.Sizes : null;
}
