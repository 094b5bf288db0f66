using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace DrService.Witness;

/// <summary>
/// Probes one endpoint from the DR region. <c>http(s)://</c>: a GET (redirects not followed) whose 2xx or 3xx answer is
/// "up"; <c>tcp://host:port</c>: a connection is "up". Anything else, including no answer within the timeout, is
/// "down" with the reason. It never throws for a failed probe; only the caller's cancellation is rethrown.
/// </summary>
public sealed class EndpointProber(IHttpClientFactory clients, TimeProvider time)
{
    /// <summary>The named HttpClient (no automatic redirects, no client-side timeout: the probe's own timeout applies).</summary>
    public const string HttpClientName = "DrService.Witness";

    public async Task<ProbeResult> ProbeAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return endpoint.Scheme switch
            {
                "http" or "https" => await ProbeHttpAsync(endpoint, started, linked.Token),
                "tcp" => await ProbeTcpAsync(endpoint, started, linked.Token),
                _ => ProbeResult.Failure(TimeSpan.Zero, $"unsupported scheme '{endpoint.Scheme}' (http, https or tcp)"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failure(time.GetElapsedTime(started), $"timeout: no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            return ProbeResult.Failure(time.GetElapsedTime(started), Describe(ex));
        }
        catch (SocketException ex)
        {
            return ProbeResult.Failure(time.GetElapsedTime(started), Describe(ex));
        }
    }

    private async Task<ProbeResult> ProbeHttpAsync(Uri endpoint, long started, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.ConnectionClose = true; // a fresh connection each time: a pooled one would hide a refused port
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var latency = time.GetElapsedTime(started);
        var code = (int)response.StatusCode;
        var detail = string.Create(CultureInfo.InvariantCulture, $"HTTP {code} {response.ReasonPhrase}").TrimEnd();
        return code is >= 200 and < 400 ? ProbeResult.Success(latency, detail) : ProbeResult.Failure(latency, detail);
    }

    private async Task<ProbeResult> ProbeTcpAsync(Uri endpoint, long started, CancellationToken cancellationToken)
    {
        if (endpoint.IsDefaultPort || endpoint.Port <= 0)
        {
            return ProbeResult.Failure(TimeSpan.Zero, "tcp:// endpoint without a port");
        }
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        return ProbeResult.Success(time.GetElapsedTime(started), string.Create(CultureInfo.InvariantCulture, $"TCP connected to {endpoint.Host}:{endpoint.Port}"));
    }

    private static string Describe(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return Describe(socket);
            }
        }
        return $"request failed ({ex.HttpRequestError}): {ex.Message}";
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "timeout: connect timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        _ => $"socket error {ex.SocketErrorCode}: {ex.Message}",
    };

    internal static void ConfigureHttpClient(HttpClient client) => client.Timeout = Timeout.InfiniteTimeSpan;

    internal static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };
}
