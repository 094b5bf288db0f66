using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DrService.Telemetry;

/// <summary>The service's one ActivitySource and one Meter, and the instruments shared across features.</summary>
public static class DrTelemetry
{
    public const string SourceName = "DrService";

    public static readonly ActivitySource Source = new(SourceName, typeof(DrTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(SourceName, typeof(DrTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Job runs by job and outcome phase.</summary>
    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("dr.job.runs", "{run}", "Job runs, by job and outcome");

    /// <summary>Duration of a job run in seconds.</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("dr.job.duration", "s", "Job run duration");

    /// <summary>Job runs in progress.</summary>
    public static readonly UpDownCounter<long> JobsInProgress = Meter.CreateUpDownCounter<long>("dr.job.inprogress", "{run}", "Job runs in progress");
}
