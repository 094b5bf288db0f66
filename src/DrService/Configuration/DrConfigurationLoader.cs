namespace DrService.Configuration;

/// <summary>
/// Binds and validates the <c>DrService</c> section in three layers, collecting every failure with its key path:
/// (a) unknown keys, (b) values that do not convert to their type, (c) data annotations and cross-field rules.
/// Pure: no host, no files; <see cref="ConfigurationHostingExtensions.AddDrConfiguration(Microsoft.AspNetCore.Builder.WebApplicationBuilder, string[])"/>
/// runs the same code.
/// </summary>
public static class DrConfigurationLoader
{
    /// <summary>Binds what can be bound and reports every failure.</summary>
    public static DrConfigurationResult Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DrOptions.SectionName);
        if (!section.Exists())
        {
            return new DrConfigurationResult(new DrOptions(), [new DrConfigurationError(DrOptions.SectionName, "section is missing")]);
        }

        var shape = ConfigurationShapeValidator.Validate(section, typeof(DrOptions));
        var errors = new List<DrConfigurationError>(shape.Errors);
        var options = Bind(section, shape, errors);

        // A value that could not be bound keeps its default: do not report that default a second time.
        var semantic = new List<DrConfigurationError>();
        AnnotationValidator.Validate(options, DrOptions.SectionName, includeRoot: true, semantic);
        DrOptionsValidator.CollectCrossFieldErrors(options, semantic);
        errors.AddRange(semantic.Where(e => !shape.IsUnbindable(e.Path)));
        return new DrConfigurationResult(options, errors);
    }

    /// <summary>The bound options, or a <see cref="DrConfigurationException"/> listing every failure.</summary>
    /// <param name="configuration">The whole configuration (the <c>DrService</c> section is read).</param>
    /// <param name="filePath">The configuration file, named in the exception's message.</param>
    public static DrOptions Load(IConfiguration configuration, string? filePath = null)
    {
        var result = Validate(configuration);
        return result.IsValid ? result.Options : throw new DrConfigurationException(filePath, result.Errors);
    }

    private static DrOptions Bind(IConfigurationSection section, ShapeReport shape, List<DrConfigurationError> errors)
    {
        IConfigurationSection source = section;
        if (shape.UnbindablePaths.Count > 0)
        {
            var bindable = section.AsEnumerable().Where(pair => !shape.IsUnbindable(pair.Key));
            source = new ConfigurationBuilder().AddInMemoryCollection(bindable).Build().GetSection(section.Path);
        }

        var options = new DrOptions();
        try
        {
            source.Bind(options);
            ColonKeyDictionaries.Restore(options, source);
        }
        catch (InvalidOperationException ex)
        {
            // Layer b mirrors the binder's conversions; should they ever disagree, the binder's word is reported.
            errors.Add(new DrConfigurationError(section.Path, ex.Message));
        }

        return options;
    }
}
