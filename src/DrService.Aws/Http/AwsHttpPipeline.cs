namespace DrService.Aws.Http;

/// <summary>
/// The one HTTP pipeline to AWS: <see cref="AwsCallMetricsHandler"/> -> <see cref="FaultInjectionHandler"/> ->
/// SocketsHttpHandler (pooled connections, recycled every few minutes for DNS changes), with the registered
/// <see cref="IAwsRequestInspector"/>s (tests only) between the first two. Shared by the official SDK clients
/// (<see cref="SdkHttpClientFactory"/>) and ours. A singleton that owns the handlers.
/// </summary>
public sealed class AwsHttpPipeline : IDisposable
{
    private readonly HttpMessageHandler _handler;

    public AwsHttpPipeline(AwsCallMetricsHandler metrics, FaultInjectionHandler faults)
        : this(metrics, faults, [])
    {
    }

    public AwsHttpPipeline(AwsCallMetricsHandler metrics, FaultInjectionHandler faults, IEnumerable<IAwsRequestInspector> inspectors)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(faults);
        faults.InnerHandler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        var checks = (inspectors ?? []).ToList();
        metrics.InnerHandler = checks.Count == 0 ? faults : new AwsRequestInspectionHandler(checks) { InnerHandler = faults };
        _handler = metrics;
    }

    /// <summary>A client over the shared handlers (disposing it keeps them); timeouts are the caller's business.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(_handler, disposeHandler: false) { Timeout = timeout ?? Timeout.InfiniteTimeSpan };

    public void Dispose() => _handler.Dispose();
}
