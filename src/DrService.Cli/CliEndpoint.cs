using System.Text.Json;

namespace DrService.Cli;

/// <summary>
/// Where the service is and which token to send. Each comes from the first of: the flag (<c>--server</c>,
/// <c>--token</c>), the environment (<c>DRCTL_SERVER</c>, <c>DRCTL_TOKEN</c>), the config file (<c>DRCTL_CONFIG</c>,
/// else <c>~/.config/drctl/config.json</c>: <c>{"server": "...", "token": "..."}</c>), the default server
/// <c>http://127.0.0.1:5080</c>.
/// </summary>
public sealed record CliEndpoint(Uri Server, string? Token, string Source)
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static CliEndpoint Resolve(string? serverFlag, string? tokenFlag, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var file = ReadConfigFile(environment);
        var server = First(serverFlag, environment("DRCTL_SERVER"), file.Server) ?? DefaultServer;
        var token = First(tokenFlag, environment("DRCTL_TOKEN"), file.Token);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new DrctlException(ExitCodes.Usage, $"The server '{server}' is not an http(s) URL.");
        }
        return new CliEndpoint(uri, token, file.Path ?? "none");
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static (string? Server, string? Token, string? Path) ReadConfigFile(Func<string, string?> environment)
    {
        var path = environment("DRCTL_CONFIG");
        if (string.IsNullOrWhiteSpace(path))
        {
            var home = environment("HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                return (null, null, null);
            }
            path = System.IO.Path.Combine(home, ".config", "drctl", "config.json");
            if (!File.Exists(path))
            {
                return (null, null, null);
            }
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return (Text(root, "server"), Text(root, "token"), path);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new DrctlException(ExitCodes.Usage, $"Cannot read the drctl config file '{path}': {ex.Message}");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
