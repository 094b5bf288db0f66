using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DrService.Telemetry;

namespace DrService.Witness;

/// <summary>
/// The witness's in-memory state per application (hysteresis of each endpoint, the current verdict, the outage that
/// already requested a failover), published as the gauge <c>dr.witness.verdict</c> (0 unknown, 1 healthy, 2 degraded,
/// 3 primary down) per application.
/// </summary>
public sealed class WitnessBoard
{
    private readonly ConcurrentDictionary<string, ApplicationWitness> _applications = new(StringComparer.Ordinal);

    public WitnessBoard() =>
        DrTelemetry.Meter.CreateObservableGauge("dr.witness.verdict", Observe, "{verdict}",
            "Witness verdict per application: 0 unknown, 1 healthy, 2 degraded, 3 primary down");

    public ApplicationWitness For(string application) => _applications.GetOrAdd(application, a => new ApplicationWitness(a));

    public bool TryGet(string application, out ApplicationWitness? state) => _applications.TryGetValue(application, out state);

    private IEnumerable<Measurement<int>> Observe() =>
        _applications.Values.Select(a => new Measurement<int>((int)a.Verdict, new KeyValuePair<string, object?>("application", a.Application)));
}

/// <summary>One application's witness state; only that application's probe loop writes it.</summary>
public sealed class ApplicationWitness(string application)
{
    public string Application { get; } = application;

    public EndpointState Primary { get; set; } = EndpointState.Initial;

    public EndpointState Secondary { get; set; } = EndpointState.NotProbed;

    /// <summary>The newest verdict record (loaded from the history on the first round).</summary>
    public VerdictRecord? Current { get; set; }

    public bool Loaded { get; set; }

    public WitnessVerdict Verdict => Current?.Verdict ?? WitnessVerdict.Unknown;

    /// <summary>The start of the outage that already requested a failover (once per outage).</summary>
    public DateTimeOffset? TriggeredFor { get; set; }
}
