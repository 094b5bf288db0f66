using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace DrService.IntegrationTests.Faults;

/// <summary>What a fault test asks the service over its HTTP API: run a backup now, follow the run, read status.</summary>
internal static class ServiceApi
{
    private static readonly string[] Terminal = ["Succeeded", "PartiallyFailed", "Failed", "Cancelled", "Skipped"];

    /// <summary><c>POST /api/v1/backups/{app}/run</c>; returns the run key.</summary>
    public static async Task<string> RunBackupAsync(this HttpClient http, string application)
    {
        using var response = await http.PostAsync(new Uri($"/api/v1/backups/{application}/run", UriKind.Relative), content: null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"run now answered {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("runKey").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(this HttpClient http, string path)
    {
        var body = await http.GetStringAsync(new Uri(path, UriKind.Relative));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The run (<c>/api/v1/jobs/runs/{key}</c>), or null while it has no record yet.</summary>
    public static async Task<JsonElement?> RunAsync(this HttpClient http, string runKey)
    {
        using var response = await http.GetAsync(new Uri($"/api/v1/jobs/runs/{runKey}", UriKind.Relative));
        // Not recorded yet, or the service's database is restarting under a fault test (sign-in reads it too): not yet.
        if (response.StatusCode == HttpStatusCode.NotFound || (int)response.StatusCode >= 500)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Polls the run until it is in a terminal phase; fails after <paramref name="timeout"/> with its last state.</summary>
    public static async Task<JsonElement> WaitForRunAsync(this HttpClient http, string runKey, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement? last = null;
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(45)))
        {
            last = await http.RunAsync(runKey);
            if (last is { } run && Terminal.Contains(run.GetProperty("phase").GetString()))
            {
                return run;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"run {runKey} did not finish; last: {last}\n{diagnostics?.Invoke()}");
        return default;
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds.</summary>
    public static async Task<JsonElement> WaitForAsync(this HttpClient http, string path, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement last = default;
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            last = await http.JsonAsync(path);
            if (done(last))
            {
                return last;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{path} never reached the expected state; last: {last}");
        return default;
    }

    /// <summary>The backup status of each resource of the application, by resource id (not the kind-wide "*" rows).</summary>
    public static async Task<Dictionary<string, JsonElement>> ResourcesAsync(this HttpClient http, string application)
    {
        var status = await http.JsonAsync($"/api/v1/backups/{application}");
        return status.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("resourceId").GetString() != "*")
            .ToDictionary(r => r.GetProperty("resourceId").GetString()!, StringComparer.Ordinal);
    }

    public static string? ErrorCode(this JsonElement resource) =>
        resource.GetProperty("errorCode").ValueKind == JsonValueKind.Null ? null : resource.GetProperty("errorCode").GetString();
}
