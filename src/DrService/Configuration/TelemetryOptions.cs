using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>The <c>DrService:Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The OpenTelemetry <c>service.name</c> resource attribute.</summary>
    [Required(AllowEmptyStrings = false)]
    [StringLength(100)]
    public string ServiceName { get; set; } = "drservice";

    /// <summary>OTLP collector (gRPC or HTTP), such as <c>http://localhost:4317</c>; null exports no OTLP.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Path of the Prometheus scraping endpoint; empty disables it.</summary>
    public string? PrometheusEndpoint { get; set; } = "/metrics";

    /// <summary>Also write traces and metrics to the console (development).</summary>
    public bool ConsoleExporter { get; set; }
}
