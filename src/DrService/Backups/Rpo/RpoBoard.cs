using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DrService.Backups.Model;
using DrService.Telemetry;

namespace DrService.Backups.Rpo;

/// <summary>
/// The latest RPO measurement per resource, in memory, published as the gauge <c>dr.rpo.seconds</c>
/// (application, resource, kind): the age of the newest copy's data, measured at the last cycle plus the time since.
/// A resource with no copy in the DR region reports no value; its state says Breached.
/// </summary>
public sealed class RpoBoard
{
    private readonly ConcurrentDictionary<(string Application, ArtifactKind Kind, string Resource), DateTimeOffset?> _newest = new();
    private readonly TimeProvider _time;

    public RpoBoard(TimeProvider time)
    {
        _time = time;
        DrTelemetry.Meter.CreateObservableGauge("dr.rpo.seconds", Observe, "s", "Age of the newest DR copy's data per protected resource");
        DrTelemetry.Meter.CreateObservableGauge("dr.rpo.missing", ObserveMissing, "{resource}", "Protected resources with no copy in the DR region");
    }

    /// <summary>Records the newest available copy's source time (null: none) for a resource.</summary>
    public void Set(string application, ArtifactKind kind, string resourceId, DateTimeOffset? newestSourceTime) =>
        _newest[(application, kind, resourceId)] = newestSourceTime;

    /// <summary>Forgets resources of <paramref name="application"/> that the last cycle no longer found.</summary>
    public void Retain(string application, IReadOnlySet<(ArtifactKind Kind, string Resource)> current)
    {
        foreach (var key in _newest.Keys.Where(k => k.Application == application && !current.Contains((k.Kind, k.Resource))))
        {
            _newest.TryRemove(key, out _);
        }
    }

    private IEnumerable<Measurement<double>> Observe()
    {
        var now = _time.GetUtcNow();
        foreach (var ((app, kind, resource), newest) in _newest)
        {
            if (newest is { } at)
            {
                yield return new Measurement<double>((now - at).TotalSeconds,
                    new("application", app), new("resource", resource), new("kind", kind.ToString()));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveMissing() =>
        _newest.GroupBy(e => e.Key.Application)
            .Select(g => new Measurement<long>(g.LongCount(e => e.Value is null), new KeyValuePair<string, object?>("application", g.Key)));
}
