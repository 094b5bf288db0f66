using System.Net;
using DrService.Testing;

namespace DrService.IntegrationTests.Hosting;

/// <summary>The admin command for real: <c>dotnet DrService.dll tokens ...</c> on the same configuration and database as the running service.</summary>
public sealed class TokensCliProcessTests
{
    [Fact]
    public async Task TokensCommand_CreateThenRevoke_TheRunningServiceAcceptsThenRefusesTheToken()
    {
        using var data = new TempFolder();
        var config = Path.Combine(Repository.Root, "appsettings.json");
        var environment = new Dictionary<string, string>
        {
            ["DrService__Storage__DataDirectory"] = data.Path,
            ["DrService__Aws__ServiceUrl"] = "http://127.0.0.1:9",
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        };
        var token = await ApiClients.CreateTokenWithCliAsync("ci", "operator", ["--config", config], environment);
        await using var service = ServiceProcess.Start(["--config", config], environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        await service.WaitUntilListeningAsync();
        using var client = ApiClients.WithToken(service.BaseAddress, token);

        var me = await client.GetStringAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        var (listExit, list, _) = await ExternalTool.RunAsync("dotnet", [Repository.ServiceDll, "tokens", "list", "--config", config], environment, TimeSpan.FromMinutes(2));
        var (revokeExit, _, revokeErr) = await ExternalTool.RunAsync("dotnet", [Repository.ServiceDll, "tokens", "revoke", "--name", "ci", "--config", config], environment, TimeSpan.FromMinutes(2));
        using var after = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Contains("\"name\":\"ci\",\"role\":\"operator\"", me, StringComparison.Ordinal);
        Assert.Equal((0, 0), (listExit, revokeExit));
        Assert.StartsWith("ci\toperator\tactive", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.True(after.StatusCode == HttpStatusCode.Unauthorized, $"{after.StatusCode} {revokeErr}\n{service.Output}");
        Assert.DoesNotContain(token, service.Output, StringComparison.Ordinal);
    }
}
