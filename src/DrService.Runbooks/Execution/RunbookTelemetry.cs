using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DrService.Runbooks.Execution;

/// <summary>Spans and metrics of the engine, on the service's ActivitySource and Meter name ("DrService").</summary>
public static class RunbookTelemetry
{
    public const string Name = "DrService";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Step attempts by action and outcome (succeeded, failed, retried, timeout, cancelled, skipped).</summary>
    public static readonly Counter<long> Steps = Meter.CreateCounter<long>("dr.runbook.steps", "{step}", "Runbook step attempts, by action and outcome");

    /// <summary>Duration of a step attempt in seconds.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("dr.runbook.step.duration", "s", "Runbook step attempt duration");

    internal static void Count(string action, string outcome) =>
        Steps.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));
}
