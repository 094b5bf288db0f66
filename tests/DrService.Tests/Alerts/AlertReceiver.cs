using System.Collections.Concurrent;
using System.Text.Json;
using DrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DrService.Tests.Alerts;

/// <summary>
/// A local HTTP receiver on 127.0.0.1 (Kestrel): records every request by path, answers 202, or a configured status
/// for the first N requests of a path.
/// </summary>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Failure> _failures = new(StringComparer.Ordinal);

    private AlertReceiver(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public Uri Url(string path) => new(BaseUrl, path);

    public IReadOnlyList<ReceivedRequest> At(string path) => [.. _requests.Where(r => r.Path == path)];

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> get <paramref name="status"/> and <paramref name="body"/>.</summary>
    public void Fail(string path, int times, int status = 500, string body = "upstream unavailable") =>
        _failures[path] = new Failure(times, status, body);

    public static async Task<AlertReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new AlertReceiver(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "/";
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, path, context.Request.ContentType, body));
        if (_failures.TryGetValue(path, out var failure) && failure.Remaining > 0)
        {
            _failures[path] = failure with { Remaining = failure.Remaining - 1 };
            context.Response.StatusCode = failure.Status;
            await context.Response.WriteAsync(failure.Body);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("""{"status":"success","message":"Event processed"}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Failure(int Remaining, int Status, string Body);
}

internal sealed record ReceivedRequest(string Method, string Path, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
