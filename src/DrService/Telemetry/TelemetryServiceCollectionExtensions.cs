using DrService.Configuration;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DrService.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Names of every ActivitySource and Meter the service's assemblies publish.</summary>
    public static readonly string[] Sources = [DrTelemetry.SourceName, "DrService.Aws", "DrService.Runbooks"];

    /// <summary>
    /// Traces and metrics through OpenTelemetry: our sources plus ASP.NET Core, HttpClient and the runtime; a Prometheus
    /// scrape endpoint always, OTLP export (traces, metrics, logs) when an endpoint is configured.
    /// </summary>
    public static WebApplicationBuilder AddDrTelemetry(this WebApplicationBuilder builder, TelemetryOptions options, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var version = typeof(DrTelemetry).Assembly.GetName().Version?.ToString();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: version, serviceInstanceId: instanceId))
            .WithTracing(t =>
            {
                t.AddSource(Sources).AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsProbe(ctx.Request.Path, options))
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = RedactUrl);
                if (options.OtlpEndpoint is not null)
                {
                    t.AddOtlpExporter(o => o.Endpoint = options.OtlpEndpoint);
                }
                if (options.ConsoleExporter)
                {
                    t.AddConsoleExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                m.AddPrometheusExporter();
                if (options.OtlpEndpoint is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = options.OtlpEndpoint);
                }
            });
        if (options.OtlpEndpoint is not null)
        {
            otel.WithLogging(l => l.AddOtlpExporter(o => o.Endpoint = options.OtlpEndpoint));
        }
        return builder;
    }

    public static WebApplication MapDrTelemetry(this WebApplication app, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        app.MapPrometheusScrapingEndpoint(options.PrometheusEndpoint ?? "/metrics").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Outgoing spans keep the scheme and host only: alert webhook URLs carry their secret in the path, and AWS calls
    /// have their own spans (<c>Aws.{service}.{operation}</c>) that say what was called.
    /// </summary>
    internal static void RedactUrl(System.Diagnostics.Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is { } uri)
        {
            activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}/");
        }
    }

    private static bool IsProbe(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(options.PrometheusEndpoint ?? "/metrics");
}
