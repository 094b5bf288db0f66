using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DrService.Configuration;

/// <summary>The one configuration entry point of Program.cs.</summary>
public static class ConfigurationHostingExtensions
{
    /// <summary>As <see cref="AddDrConfiguration(WebApplicationBuilder, string[])"/> with this process's arguments.</summary>
    public static DrOptions AddDrConfiguration(this WebApplicationBuilder builder) =>
        builder.AddDrConfiguration(Environment.GetCommandLineArgs()[1..]);

    /// <summary>
    /// Locates THE configuration file (<see cref="ConfigurationFile"/>), puts it in place of the default appsettings
    /// files (precedence, lowest first: the file, <c>appsettings.{Environment}.json</c> beside it, environment variables,
    /// command line), validates it and registers <see cref="DrOptions"/>, validated again at start.
    /// </summary>
    /// <returns>The bound, valid options.</returns>
    /// <exception cref="DrConfigurationException">
    /// Anything is wrong: every failure is listed; exit with <see cref="DrConfigurationException.ExitCode"/>.
    /// </exception>
    public static DrOptions AddDrConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        var location = ConfigurationFile.Locate(args);
        try
        {
            ReplaceDefaultFiles(builder.Configuration, location, builder.Environment.EnvironmentName, args);
        }
        catch (InvalidDataException ex)
        {
            throw new DrConfigurationException(location.FilePath, [new DrConfigurationError("", $"not valid JSON: {ex.InnerException?.Message ?? ex.Message}")]);
        }

        var options = DrConfigurationLoader.Load(builder.Configuration, location.FilePath);
        builder.Services.TryAddSingleton(location);
        builder.Services.AddOptions<DrOptions>()
            .BindConfiguration(DrOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => ColonKeyDictionaries.Restore(o, configuration.GetSection(DrOptions.SectionName)))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DrOptions>, DrOptionsValidator>());
        return options;
    }

    private static void ReplaceDefaultFiles(ConfigurationManager configuration, ConfigurationFileLocation location, string environmentName, string[] args)
    {
        var sources = configuration.Sources;
        var index = -1;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources.RemoveAt(i);
                index = i;
            }
        }

        var ours = new ConfigurationBuilder().AddDrConfigurationFile(location, environmentName).Sources;
        if (index >= 0)
        {
            // Where the defaults were: user secrets, environment variables and the command line still come after.
            foreach (var source in ours.Reverse())
            {
                sources.Insert(index, source);
            }

            return;
        }

        foreach (var source in ours)
        {
            sources.Add(source);
        }

        // No default files: a builder made without the defaults. Keep the documented precedence anyway.
        if (!sources.OfType<EnvironmentVariablesConfigurationSource>().Any(s => string.IsNullOrEmpty(s.Prefix)))
        {
            configuration.AddEnvironmentVariables();
        }

        if (!sources.OfType<CommandLineConfigurationSource>().Any())
        {
            configuration.AddCommandLine(args);
        }
    }
}
