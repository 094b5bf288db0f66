namespace DrService.Configuration;

/// <summary>One configuration failure: the full key path (<c>DrService:Applications:orders:Rpo</c>) and why.</summary>
/// <param name="Path">The configuration key path; empty when the failure concerns the whole file.</param>
/// <param name="Reason">What is wrong, the value found and, where it helps, what is expected.</param>
public sealed record DrConfigurationError(string Path, string Reason)
{
    /// <summary><c>DrService:Applications:orders:Rpo: must be positive (was 00:00:00)</c>.</summary>
    public override string ToString() => Path.Length == 0 ? Reason : $"{Path}: {Reason}";
}
