namespace DrService.Configuration;

/// <summary>The bound options and every failure found (empty when the configuration is valid).</summary>
public sealed record DrConfigurationResult(DrOptions Options, IReadOnlyList<DrConfigurationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
