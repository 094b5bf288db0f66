namespace DrService.Runbooks.Catalog;

/// <summary>Where runbook files are read: the built-in folder beside the binary and the configured override folder.</summary>
public sealed record RunbookSources(string BuiltInDirectory, string? OverrideDirectory)
{
    /// <summary>The built-in runbooks' folder in the output directory.</summary>
    public static string DefaultBuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "Runbooks", "Definitions");

    /// <summary><c>DrService:Runbooks:Directory</c> resolved against the configuration file's folder.</summary>
    public static RunbookSources From(string? configuredDirectory, string configurationDirectory) => new(
        DefaultBuiltInDirectory,
        string.IsNullOrWhiteSpace(configuredDirectory) ? null : Path.GetFullPath(configuredDirectory, configurationDirectory));
}
