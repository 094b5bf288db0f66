using DrService.Health;
using DrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DrService.Tests.Deploy;

/// <summary>
/// <c>--healthcheck URL</c>, the container's HEALTHCHECK (the aspnet image has no curl): exit 0 on 2xx, 1 on an error
/// status or no answer, 2 on a malformed URL. Probed against a real Kestrel listener on loopback, and through the real
/// built binary so that the Program.cs wiring is covered too.
/// </summary>
public sealed class HealthProbeTests : IAsyncLifetime
{
    private WebApplication? _server;
    private string _base = "";

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _server = builder.Build();
        _server.MapGet("/healthz", () => Results.Ok(new { status = "Healthy" }));
        _server.MapGet("/broken", () => Results.StatusCode(503));
        await _server.StartAsync();
        _base = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/healthz", 0)]
    [InlineData("/broken", 1)]
    public async Task RunAsync_AnswerStatus_MapsToExitCode(string path, int expected)
    {
        using var output = new StringWriter();

        var code = await HealthProbe.RunAsync([HealthProbe.Flag, _base + path], output);

        Assert.Equal(expected, code);
        Assert.Contains(_base + path, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NothingListening_Returns1()
    {
        using var output = new StringWriter();

        var code = await HealthProbe.RunAsync([HealthProbe.Flag, $"http://127.0.0.1:{FreePort.Next()}/healthz"], output);

        Assert.Equal(1, code);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/healthz")]
    public async Task RunAsync_MalformedUrl_Returns2(string url)
    {
        using var output = new StringWriter();

        Assert.Equal(2, await HealthProbe.RunAsync([HealthProbe.Flag, url], output));
        Assert.Contains("not an http(s) URL", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IsRequested_OnlyAsFirstArgument()
    {
        Assert.True(HealthProbe.IsRequested([HealthProbe.Flag]));
        Assert.True(HealthProbe.IsRequested([HealthProbe.Flag, "http://127.0.0.1:8080/healthz"]));
        Assert.False(HealthProbe.IsRequested(["--sandbox", HealthProbe.Flag]));
        Assert.False(HealthProbe.IsRequested([]));
    }

    [Theory]
    [InlineData("/healthz", 0)]
    [InlineData("/broken", 1)]
    public async Task ServiceBinary_HealthcheckFlag_ExitsWithTheProbeResult(string path, int expected)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

        var (code, stdout, _) = await ExternalTool.RunAsync(dotnet, [Repository.ServiceDll, HealthProbe.Flag, _base + path], timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(expected, code);
        Assert.Contains(_base + path, stdout, StringComparison.Ordinal);
    }
}
