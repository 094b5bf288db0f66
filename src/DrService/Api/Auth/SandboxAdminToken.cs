using DrService.Configuration;
using Microsoft.Extensions.Options;

namespace DrService.Api.Auth;

/// <summary>
/// The sandbox's first run: with no active admin token, one is created, printed once on the console with the
/// dashboard's address, and written to <c>{data}/sandbox/admin-token</c> readable by the service's user only (0600).
/// </summary>
public static class SandboxAdminToken
{
    public const string TokenName = "sandbox-admin";

    public const string FileName = "admin-token";

    /// <summary>Creates the token if needed; returns it, or null when an admin token already existed.</summary>
    public static async Task<string?> EnsureAsync(IServiceProvider services, string baseUrl, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(console);
        var tokens = services.GetRequiredService<ApiTokenStore>();
        if (await tokens.AnyActiveAdminAsync(cancellationToken))
        {
            return null;
        }
        // The sandbox's state is fresh at every start, so a revoked token of this name may not linger; if it does, a suffix keeps it apart.
        var existing = await tokens.ListAsync(cancellationToken);
        var name = existing.Any(t => t.Name == TokenName) ? $"{TokenName}-{existing.Count + 1}" : TokenName;
        var created = await tokens.CreateAsync(name, DrRole.Admin, lifetime: null, "system:sandbox", cancellationToken);
        var options = services.GetRequiredService<IOptions<DrOptions>>().Value;
        var path = FilePath(options.Storage.DataDirectory, services.GetRequiredService<ConfigurationFileLocation>().Directory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WritePrivateAsync(path, created.Token + Environment.NewLine, cancellationToken);
        await console.WriteLineAsync($"Dashboard: {baseUrl.TrimEnd('/')}/  (sign in with the admin token: {created.Token})");
        await console.WriteLineAsync($"The admin token is also in {path} (readable by you only).");
        await console.FlushAsync(cancellationToken);
        return created.Token;
    }

    /// <summary>The token file in the data folder (resolved as the database's; the sandbox's is <c>{data}/sandbox</c>).</summary>
    public static string FilePath(string dataDirectory, string configDirectory) => Path.Combine(Path.GetFullPath(dataDirectory, configDirectory), FileName);

    private static async Task WritePrivateAsync(string path, string content, CancellationToken cancellationToken)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content.AsMemory(), cancellationToken);
    }
}
