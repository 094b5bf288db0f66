using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DrService.Cli;

/// <summary>The service's HTTP API as JSON documents; HTTP failures become <see cref="DrctlException"/> with a meaningful exit code.</summary>
public sealed class ApiClient(HttpClient http)
{
    public static HttpClient CreateHttpClient(CliEndpoint endpoint, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = endpoint.Server;
        client.Timeout = TimeSpan.FromSeconds(100);
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("drctl", typeof(ApiClient).Assembly.GetName().Version?.ToString() ?? "0"));
        if (!string.IsNullOrWhiteSpace(endpoint.Token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        }
        return client;
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>Every item of a list endpoint: follows <c>nextCursor</c> pages; a bare JSON array is accepted too.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(string path, CancellationToken cancellationToken, int max = 10_000)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(cursor is null ? path : WithQuery(path, "cursor", cursor), cancellationToken);
            if (page.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(page.EnumerateArray());
                return items;
            }
            if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty("items", out var pageItems) || pageItems.ValueKind != JsonValueKind.Array)
            {
                throw new DrctlException(ExitCodes.Error, $"GET {path} did not answer with a list.");
            }
            items.AddRange(pageItems.EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && items.Count < max);
        return items;
    }

    public static string WithQuery(string path, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrEmpty(value))
        {
            return path;
        }
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{path}{separator}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DrctlException(ExitCodes.Unreachable, $"Cannot reach the DrService API at {http.BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DrctlException(ExitCodes.Unreachable, $"The DrService API at {http.BaseAddress} did not answer in time: {ex.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity && Problems(text) is { Count: > 0 } problems)
            {
                throw new DrctlException(ExitCodes.RecoveryProblems,
                    $"{method} {path}: 422 {Title(text) ?? "Recovery problems"}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}"
                    + $"{Environment.NewLine}Fix them, or start anyway with --accept-problems.");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new DrctlException(ExitCodeFor(response.StatusCode), $"{method} {path}: {(int)response.StatusCode} {Describe(text, response.ReasonPhrase)}{TokenHint(response.StatusCode)}");
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                return default;
            }
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new DrctlException(ExitCodes.Error, $"{method} {path} answered with something that is not JSON: {ex.Message}");
            }
        }
    }

    /// <summary>What to do about a 401, in drctl's terms (the API's own text speaks of headers and /signin).</summary>
    private string TokenHint(HttpStatusCode status) => status != HttpStatusCode.Unauthorized ? ""
        : http.DefaultRequestHeaders.Authorization is null
            ? $"{Environment.NewLine}drctl sent no API token: set DRCTL_TOKEN (or pass --token, or put \"token\" in the config file, DRCTL_CONFIG)."
            : $"{Environment.NewLine}The API token was refused (revoked, expired or mistyped): check DRCTL_TOKEN, --token or the config file.";

    public static int ExitCodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.Conflict => ExitCodes.Conflict,
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ExitCodes.Usage,
        _ => ExitCodes.Error,
    };

    /// <summary>
    /// The <c>problems</c> of a 422 problem details (the recovery inventory's), one short line each:
    /// <c>  ERROR   catalog-db: no available snapshot copy (set KEY)</c>; the application stands in for a missing item.
    /// </summary>
    public static IReadOnlyList<string> Problems(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("problems", out var problems)
                ? ProblemLines(problems)
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A <c>problems</c> array (a 422's or a plan's), one short line per problem.</summary>
    public static IReadOnlyList<string> ProblemLines(JsonElement problems)
    {
        if (problems.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return [.. problems.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).Select(p =>
        {
            var severity = (Text(p, "severity") ?? "Error").ToUpperInvariant();
            var item = Text(p, "item") ?? Text(p, "application") ?? "-";
            var key = Text(p, "configKey");
            return $"  {severity,-7} {item}: {Text(p, "message")}{(string.IsNullOrEmpty(key) ? "" : $" (set {key})")}";
        })];

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string? Title(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The problem details' title and detail when the body is one, else the reason phrase.</summary>
    private static string Describe(string body, string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var parts = new[] { title, detail }.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
            if (parts.Length > 0)
            {
                return string.Join(": ", parts);
            }
        }
        catch (JsonException)
        {
            // Not problem details: fall back to the reason phrase.
        }
        return reason ?? "request failed";
    }
}
