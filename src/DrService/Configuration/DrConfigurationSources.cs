namespace DrService.Configuration;

/// <summary>Adds THE configuration file (and its environment-specific companion) to a configuration builder.</summary>
public static class DrConfigurationSources
{
    /// <summary>
    /// Adds <paramref name="location"/> (required) and, when <paramref name="environmentName"/> is set,
    /// <c>appsettings.{environment}.json</c> beside it (optional). Files are read once: a change needs a restart.
    /// </summary>
    public static IConfigurationBuilder AddDrConfigurationFile(
        this IConfigurationBuilder builder, ConfigurationFileLocation location, string? environmentName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(location);
        builder.AddJsonFile(location.FilePath, optional: false, reloadOnChange: false);
        if (!string.IsNullOrWhiteSpace(environmentName))
        {
            builder.AddJsonFile(location.EnvironmentFilePath(environmentName), optional: true, reloadOnChange: false);
        }

        return builder;
    }
}
