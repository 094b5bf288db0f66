using System.Net.Http.Headers;

namespace DrService.Testing;

/// <summary>
/// HTTP clients for DrService's API as its callers make them: with <c>Authorization: Bearer</c> an API token, and
/// the admin command (<c>dotnet DrService.dll tokens create</c>) to mint one for a running service's configuration.
/// </summary>
public static class ApiClients
{
    /// <summary>A client that sends the token with every request.</summary>
    public static HttpClient WithToken(Uri baseAddress, string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends the token with every request of an existing client.</summary>
    public static HttpClient Authorize(this HttpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// <c>dotnet DrService.dll tokens create --name NAME --role ROLE</c> with the service's own arguments (such as
    /// <c>--config</c>) and environment; returns the token it prints.
    /// </summary>
    public static async Task<string> CreateTokenWithCliAsync(string name, string role, IEnumerable<string> serviceArgs, IDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["DOTNET_ENVIRONMENT"] = "Production" };
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("dotnet",
            [Repository.ServiceDll, "tokens", "create", "--name", name, "--role", role, .. serviceArgs], env, TimeSpan.FromMinutes(2));
        if (exit != 0)
        {
            throw new InvalidOperationException($"tokens create exited with {exit}:\n{stdout}\n{stderr}");
        }
        return stdout.Trim().Split('\n')[^1].Trim();
    }
}
