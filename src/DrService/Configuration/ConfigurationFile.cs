namespace DrService.Configuration;

/// <summary>
/// Finds THE configuration file, first match wins: <c>--config &lt;path&gt;</c> (or <c>--config=&lt;path&gt;</c>),
/// the <c>DRSERVICE_CONFIG</c> environment variable, <c>appsettings.json</c> in the current directory, and
/// <c>appsettings.json</c> beside the binary. A file named explicitly (the first two) must exist.
/// </summary>
public static class ConfigurationFile
{
    public const string FileName = "appsettings.json";
    public const string CommandLineSwitch = "--config";
    public const string EnvironmentVariable = "DRSERVICE_CONFIG";

    /// <summary>Locates the file for this process (its environment, current and base directories).</summary>
    public static ConfigurationFileLocation Locate(IReadOnlyList<string> args) =>
        Locate(args, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>Locates the file; every input is explicit so that tests need no process state.</summary>
    /// <exception cref="DrConfigurationException">A named file is missing, or no file is found at all.</exception>
    public static ConfigurationFileLocation Locate(
        IReadOnlyList<string> args, Func<string, string?> getEnvironmentVariable, string currentDirectory, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        if (FindSwitch(args) is { } fromArgs)
        {
            return Explicit(fromArgs, currentDirectory, ConfigurationFileOrigin.CommandLine, CommandLineSwitch);
        }

        if (getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv)
        {
            return Explicit(fromEnv, currentDirectory, ConfigurationFileOrigin.EnvironmentVariable, EnvironmentVariable);
        }

        var candidates = new[]
        {
            (Path.Combine(currentDirectory, FileName), ConfigurationFileOrigin.CurrentDirectory),
            (Path.Combine(baseDirectory, FileName), ConfigurationFileOrigin.BaseDirectory),
        };
        foreach (var (path, origin) in candidates)
        {
            if (File.Exists(path))
            {
                return new ConfigurationFileLocation(Path.GetFullPath(path), origin);
            }
        }

        throw Error(CommandLineSwitch,
            $"no configuration file found (looked for {candidates[0].Item1} and {candidates[1].Item1}; " +
            $"name one with {CommandLineSwitch} <path> or {EnvironmentVariable})");
    }

    private static string? FindSwitch(IReadOnlyList<string> args)
    {
        string? found = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], CommandLineSwitch, StringComparison.Ordinal))
            {
                found = i + 1 < args.Count ? args[i + 1] : "";
            }
            else if (args[i].StartsWith(CommandLineSwitch + "=", StringComparison.Ordinal))
            {
                found = args[i][(CommandLineSwitch.Length + 1)..];
            }
        }

        return found; // the last occurrence wins, as with the command-line configuration provider
    }

    private static ConfigurationFileLocation Explicit(string path, string currentDirectory, ConfigurationFileOrigin origin, string source)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Error(source, "names no file (expected a path to a JSON configuration file)");
        }

        var full = Path.GetFullPath(path, currentDirectory);
        return File.Exists(full)
            ? new ConfigurationFileLocation(full, origin)
            : throw Error(source, $"configuration file not found: {full}");
    }

    private static DrConfigurationException Error(string source, string reason) =>
        new(null, [new DrConfigurationError(source, reason)]);
}
