namespace DrService.Configuration;

/// <summary>The configuration cannot be used: every failure found, one per line in <see cref="Exception.Message"/>.</summary>
public sealed class DrConfigurationException : Exception
{
    /// <summary>The process exit code for a configuration error (EX_CONFIG from sysexits.h).</summary>
    public const int ExitCode = 78;

    public DrConfigurationException()
        : this(null, [])
    {
    }

    public DrConfigurationException(string message)
        : base(message)
    {
        Errors = [new DrConfigurationError(DrOptions.SectionName, message)];
    }

    public DrConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DrConfigurationError(DrOptions.SectionName, message)];
    }

    public DrConfigurationException(string? filePath, IReadOnlyList<DrConfigurationError> errors)
        : base(FormatMessage(filePath, errors))
    {
        FilePath = filePath;
        Errors = errors;
    }

    /// <summary>The configuration file the errors were found in, when known.</summary>
    public string? FilePath { get; }

    public IReadOnlyList<DrConfigurationError> Errors { get; } = [];

    private static string FormatMessage(string? filePath, IReadOnlyList<DrConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var prefix = string.IsNullOrEmpty(filePath) ? "" : filePath + ": ";
        var header = errors.Count == 1
            ? "DrService configuration is invalid (1 error):"
            : $"DrService configuration is invalid ({errors.Count} errors):";
        return string.Join(Environment.NewLine, errors.Select(e => prefix + e).Prepend(header));
    }
}
