using System.Globalization;

namespace DrService.Api.Auth;

/// <summary>
/// <c>dotnet DrService.dll tokens create --name ci --role operator [--expires 90d]</c>, <c>tokens list</c>,
/// <c>tokens revoke --name ci</c>: the admin command, on the service's own configuration and database, audited as
/// <c>cli:{os user}</c>. Other arguments (<c>--config</c>...) are the service's.
/// </summary>
public static class TokensCommand
{
    public const string Verb = "tokens";

    /// <summary>EX_USAGE.</summary>
    public const int UsageExitCode = 64;

    public const string Usage = """
        usage: DrService tokens create --name NAME --role viewer|operator|approver|admin [--expires 90d|12h|30m]
               DrService tokens list
               DrService tokens revoke --name NAME
        """;

    public static string CliActor => "cli:" + Environment.UserName;

    /// <summary>Splits <c>tokens SUB --name ... --role ... --expires ...</c> from the service's own arguments.</summary>
    public static (string? Sub, Dictionary<string, string> Options, string[] ServiceArgs) Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var sub = args.Length > 1 ? args[1] : null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] is "--name" or "--role" or "--expires" && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        return (sub, options, [.. rest]);
    }

    public static async Task<int> RunAsync(string? sub, IReadOnlyDictionary<string, string> options, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var tokens = services.GetRequiredService<ApiTokenStore>();
        switch (sub)
        {
            case "create":
                return await CreateAsync(tokens, options, output, error, cancellationToken);
            case "list":
                foreach (var t in await tokens.ListAsync(cancellationToken))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{t.Name}\t{t.Role}\t{t.State}\tid={t.Id}\tcreated={t.CreatedAt:O} by {t.CreatedBy}\tlast-used={t.LastUsedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}\texpires={t.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}"));
                }
                return 0;
            case "revoke":
                if (!options.TryGetValue("name", out var name))
                {
                    return await UsageAsync(error, "revoke needs --name");
                }
                if (!await tokens.RevokeAsync(name, CliActor, cancellationToken))
                {
                    await error.WriteLineAsync($"no active token named '{name}'");
                    return 1;
                }
                await output.WriteLineAsync($"revoked '{name}'");
                return 0;
            default:
                return await UsageAsync(error, sub is null ? "missing sub-command" : $"unknown sub-command '{sub}'");
        }
    }

    private static async Task<int> CreateAsync(ApiTokenStore tokens, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!options.TryGetValue("name", out var name) || !options.TryGetValue("role", out var roleName))
        {
            return await UsageAsync(error, "create needs --name and --role");
        }
        if (!DrRoles.TryParse(roleName, out var role))
        {
            return await UsageAsync(error, $"--role must be one of {DrRoles.List} (was '{roleName}')");
        }
        TimeSpan? lifetime = null;
        if (options.TryGetValue("expires", out var expires))
        {
            if (!ApiTokenFormat.TryParseLifetime(expires, out var parsed))
            {
                return await UsageAsync(error, $"--expires must be a positive duration such as 90d, 12h or 30m (was '{expires}')");
            }
            lifetime = parsed;
        }
        try
        {
            var created = await tokens.CreateAsync(name, role, lifetime, CliActor, cancellationToken);
            await output.WriteLineAsync(created.Token);
            await error.WriteLineAsync($"created '{created.Details.Name}' ({created.Details.Role}, expires {created.Details.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}); the token above is shown once, store it now");
            return 0;
        }
        catch (ApiTokenException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static async Task<int> UsageAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync(problem);
        await error.WriteLineAsync(Usage);
        return UsageExitCode;
    }
}
