using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DrService.Api.Auth;
using DrService.Storage;
using DrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Bench.Scale;

/// <summary>One endpoint's response times: median and p95 over the timed requests (after warm-up ones), or why it was not timed.</summary>
public sealed record EndpointTiming(string Path, int Requests, TimeSpan Median, TimeSpan P95, long Bytes, string? Note);

/// <summary>
/// The real service in-process (<see cref="DrHost.BuildAsync"/>) on a loopback port, against the same database the
/// cycles wrote and the same moto server, with the estate's configuration and nothing scheduled; times GET requests.
/// </summary>
public static class Overview
{
    public static async Task<List<EndpointTiming>> TimeAsync(Dictionary<string, string?> settings, string folder, int requests, CancellationToken cancellationToken)
    {
        // A content root of its own, so that the repository's appsettings.json (its demo applications) is not read too.
        var root = Directory.CreateDirectory(Path.Combine(folder, "host")).FullName;
        var json = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        };
        foreach (var (key, value) in settings)
        {
            var node = json;
            var parts = key.Split(':');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                node = node[parts[i]] as JsonObject ?? (JsonObject)(node[parts[i]] = new JsonObject());
            }
            node[parts[^1]] = value;
        }
        var config = Path.Combine(root, "appsettings.json");
        await File.WriteAllTextAsync(config, json.ToJsonString(), cancellationToken);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServer.SecretKey);

        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        WebApplication host;
        try
        {
            host = await DrHost.BuildAsync(["--config", config, "--contentRoot", root, "--Urls", url], sandbox: false);
        }
        catch (Exception ex) when (ex is Configuration.DrConfigurationException)
        {
            return [new EndpointTiming("(host)", 0, TimeSpan.Zero, TimeSpan.Zero, 0, $"the service refused the configuration: {ex.Message}")];
        }
        await using (host)
        {
            await host.Services.MigrateDrDatabaseAsync(cancellationToken);
            await host.StartAsync(cancellationToken);
            try
            {
                // Every API endpoint needs a token: a viewer's, made the way `tokens create` makes one.
                var token = await host.Services.GetRequiredService<ApiTokenStore>()
                    .CreateAsync("bench-scale", DrRole.Viewer, lifetime: null, actor: "bench:scale", cancellationToken);
                using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
                var timings = new List<EndpointTiming>();
                foreach (var path in new[] { "/api/v1/overview", "/api/v1/backups" })
                {
                    timings.Add(await TimePathAsync(http, path, requests, cancellationToken));
                }
                return timings;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<EndpointTiming> TimePathAsync(HttpClient http, string path, int requests, CancellationToken cancellationToken)
    {
        const int WarmUp = 3;
        var times = new List<TimeSpan>();
        long bytes = 0;
        for (var i = 0; i < WarmUp + requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var why = response.StatusCode switch
                {
                    HttpStatusCode.NotFound => "not served by this build (404)",
                    HttpStatusCode.Unauthorized => "authentication required (401)",
                    var other => $"answered {(int)other}",
                };
                return new EndpointTiming(path, 0, TimeSpan.Zero, TimeSpan.Zero, body.Length, why);
            }
            bytes = body.Length;
            if (i >= WarmUp)
            {
                times.Add(watch.Elapsed);
            }
        }
        times.Sort();
        return new EndpointTiming(path, requests, times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)], bytes, null);
    }
}
