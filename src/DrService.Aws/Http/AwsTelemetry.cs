using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DrService.Aws.Http;

/// <summary>The assembly's one ActivitySource and one Meter (both named <c>DrService.Aws</c>).</summary>
public static class AwsTelemetry
{
    public const string Name = "DrService.Aws";

    public static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    /// <summary><c>dr.aws.calls</c>: HTTP attempts to AWS, tagged aws.service, aws.region, aws.operation, outcome.</summary>
    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>("dr.aws.calls", unit: "{call}", description: "HTTP attempts to AWS");

    /// <summary><c>dr.aws.call.duration</c>: seconds per HTTP attempt.</summary>
    internal static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("dr.aws.call.duration", unit: "s", description: "Duration of one HTTP attempt to AWS");
}
