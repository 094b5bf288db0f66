using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DrService.Configuration;
using DrService.Telemetry;

namespace DrService.Advisor;

/// <summary>The last evaluated monthly cost per application and tier, published as the gauge <c>dr.advisor.monthly_cost</c>.</summary>
public sealed class AdvisorBoard
{
    private readonly ConcurrentDictionary<(string Application, ApplicationTier Tier), (double Monthly, bool Complete, bool Recommended)> _costs = new();

    public AdvisorBoard() =>
        DrTelemetry.Meter.CreateObservableGauge("dr.advisor.monthly_cost", Observe, "{currency}",
            "Estimated monthly DR cost per application and tier (complete=false: some items unpriced, a lower bound)");

    public void Record(ApplicationAdvice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        foreach (var row in advice.Rows)
        {
            _costs[(row.Application, row.Tier)] = ((double)row.Cost.Monthly, row.Cost.Complete, row.Recommended);
        }
    }

    /// <summary>The recorded value, for tests and the dashboard; null when never evaluated.</summary>
    public double? MonthlyCost(string application, ApplicationTier tier) =>
        _costs.TryGetValue((application, tier), out var v) ? v.Monthly : null;

    private IEnumerable<Measurement<double>> Observe() =>
        _costs.Select(e => new Measurement<double>(e.Value.Monthly,
            new("application", e.Key.Application), new("tier", e.Key.Tier.ToString()),
            new("complete", e.Value.Complete), new("recommended", e.Value.Recommended)));
}
