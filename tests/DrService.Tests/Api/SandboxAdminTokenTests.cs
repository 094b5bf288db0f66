using System.Net.Http.Json;
using DrService.Api.Auth;
using DrService.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DrService.Tests.Api;

public sealed class SandboxAdminTokenTests
{
    [Fact]
    public async Task EnsureAsync_NoAdmin_PrintsOnceWritesAPrivateFileAndTheTokenIsAdmin()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var console = new StringWriter();

        var token = await SandboxAdminToken.EnsureAsync(host.Services, "http://127.0.0.1:5080", console, CancellationToken.None);
        var again = await SandboxAdminToken.EnsureAsync(host.Services, "http://127.0.0.1:5080", console, CancellationToken.None);

        Assert.NotNull(token);
        Assert.Null(again);
        Assert.StartsWith($"Dashboard: http://127.0.0.1:5080/  (sign in with the admin token: {token})", console.ToString(), StringComparison.Ordinal);
        var options = host.Services.GetRequiredService<IOptions<DrOptions>>().Value;
        var path = SandboxAdminToken.FilePath(options.Storage.DataDirectory, host.Services.GetRequiredService<ConfigurationFileLocation>().Directory);
        Assert.Equal(token, (await File.ReadAllTextAsync(path)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        using var admin = AuthTestHost.Anonymous(host, token);
        Assert.Equal(new CallerView(SandboxAdminToken.TokenName, "admin"), await admin.GetFromJsonAsync<CallerView>("/api/v1/auth/me"));
    }
}
