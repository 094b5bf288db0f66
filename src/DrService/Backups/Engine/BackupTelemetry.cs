using System.Diagnostics.Metrics;
using DrService.Telemetry;

namespace DrService.Backups.Engine;

/// <summary>The backup feature's instruments (on the service's one Meter).</summary>
public static class BackupTelemetry
{
    public static readonly Counter<long> CopiesStarted = DrTelemetry.Meter.CreateCounter<long>("dr.copy.started", "{copy}", "Cross-region copies issued");

    public static readonly Counter<long> CopiesFinished = DrTelemetry.Meter.CreateCounter<long>("dr.copy.finished", "{copy}", "Cross-region copies finished, by outcome");

    public static readonly Counter<long> CopiesDeferred = DrTelemetry.Meter.CreateCounter<long>("dr.copy.deferred", "{copy}", "Copies re-queued after a limit or throttling answer");

    public static readonly Counter<long> CopiesDeleted = DrTelemetry.Meter.CreateCounter<long>("dr.copy.deleted", "{copy}", "Copies removed by retention");

    public static readonly Histogram<double> CopyDuration = DrTelemetry.Meter.CreateHistogram<double>("dr.copy.duration", "s", "From issue to available, as observed");
}
