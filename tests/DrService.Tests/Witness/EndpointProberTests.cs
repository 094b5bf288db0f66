using System.Net;
using System.Net.Sockets;
using DrService.Testing;
using DrService.Witness;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Witness;

public sealed class EndpointProberTests : IAsyncLifetime
{
    /// <summary>The timeout of the "no answer" case: short, but long enough for a loaded machine to connect and send (at
    /// 200 ms the request sometimes timed out before it reached the endpoint, Hits 0).</summary>
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    /// <summary>Where an answer is expected: generous, so that a loaded build machine does not turn it into a timeout.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private ServiceProvider _services = null!;
    private EndpointProber _prober = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(EndpointProber.HttpClientName, EndpointProber.ConfigureHttpClient)
            .ConfigurePrimaryHttpMessageHandler(EndpointProber.CreateHandler);
        _services = services.BuildServiceProvider();
        // Real time: the timeout case needs a real 200 ms deadline; nothing here waits for it but the prober.
        _prober = new EndpointProber(_services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Theory]
    [InlineData(TestEndpoint.Answer.Ok, true, "HTTP 200")]
    [InlineData(TestEndpoint.Answer.Unavailable, false, "HTTP 503")]
    [InlineData(TestEndpoint.Answer.NoAnswer, false, "timeout")]
    public async Task ProbeAsync_HttpEndpoint_ReportsUpOrDownWithReason(TestEndpoint.Answer answer, bool up, string detail)
    {
        await using var endpoint = TestEndpoint.Start(answer);

        var result = await _prober.ProbeAsync(endpoint.Uri, answer == TestEndpoint.Answer.NoAnswer ? Short : Generous, CancellationToken.None);

        Assert.Equal(up, result.Up);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
        Assert.True(result.Latency >= TimeSpan.Zero);
        await endpoint.WaitForHitAsync(1); // the probe reached the endpoint (for NoAnswer: it was the answer that never came)
        Assert.Equal(1, endpoint.Hits);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("tcp")]
    public async Task ProbeAsync_RefusedPort_ReportsDownConnectionRefused(string scheme)
    {
        var port = FreePort.Next(); // nothing listens there

        var result = await _prober.ProbeAsync(new Uri($"{scheme}://127.0.0.1:{port}/"), Generous, CancellationToken.None);

        Assert.False(result.Up);
        Assert.Equal("connection refused", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_TcpListener_ReportsUp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await _prober.ProbeAsync(new Uri($"tcp://127.0.0.1:{port}"), Generous, CancellationToken.None);

        Assert.True(result.Up, result.Detail);
        Assert.Contains("TCP connected", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/x", "unsupported scheme")]
    [InlineData("tcp://127.0.0.1", "without a port")]
    public async Task ProbeAsync_UnusableEndpoint_ReportsDownWithoutThrowing(string uri, string detail)
    {
        var result = await _prober.ProbeAsync(new Uri(uri), Generous, CancellationToken.None);

        Assert.False(result.Up);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_Throws()
    {
        await using var endpoint = TestEndpoint.Start(TestEndpoint.Answer.NoAnswer);
        using var cancel = new CancellationTokenSource();
        var probe = _prober.ProbeAsync(endpoint.Uri, TimeSpan.FromSeconds(30), cancel.Token);
        await endpoint.WaitForHitAsync(1);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe);
    }
}
