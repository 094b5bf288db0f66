namespace DrService.Runbooks.Definitions;

/// <summary>One thing wrong with a runbook: the file, the step (null for the runbook itself), the field and why.</summary>
public sealed record RunbookValidationError(string Source, string? StepId, string Field, string Message)
{
    public override string ToString() => StepId is null
        ? $"{Source}: {Field}: {Message}"
        : $"{Source}: step '{StepId}': {Field}: {Message}";
}

/// <summary>A runbook that did not load; the message lists every error, one a line.</summary>
public sealed class RunbookValidationException(IReadOnlyList<RunbookValidationError> errors)
    : Exception(Describe(errors))
{
    public IReadOnlyList<RunbookValidationError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<RunbookValidationError> errors) =>
        $"The runbook is not valid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):" + Environment.NewLine
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}

/// <summary>Either a valid definition or every error found.</summary>
public sealed record RunbookLoadResult(RunbookDefinition? Definition, IReadOnlyList<RunbookValidationError> Errors)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;

    /// <summary>The definition, or <see cref="RunbookValidationException"/> listing every error.</summary>
    public RunbookDefinition GetOrThrow() => IsValid ? Definition! : throw new RunbookValidationException(Errors);
}
