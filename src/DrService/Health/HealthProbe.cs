namespace DrService.Health;

/// <summary>
/// <c>dotnet DrService.dll --healthcheck [URL]</c>: GET the URL (default <see cref="DefaultUrl"/>) and exit 0 on a
/// 2xx answer, 1 otherwise. The container's HEALTHCHECK uses it: the ASP.NET runtime image has no curl or wget.
/// Loads no configuration and starts no host, so a probe costs one runtime start and one request.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--healthcheck";

    public const string DefaultUrl = "http://127.0.0.1:8080/healthz";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static bool IsRequested(string[] args) => args is [Flag, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await output.WriteLineAsync($"{Flag}: not an http(s) URL: {url}");
            return 2;
        }
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(uri);
            await output.WriteLineAsync($"{uri}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{uri}: {ex.Message}");
            return 1;
        }
    }
}
