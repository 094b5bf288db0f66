namespace DrService.Runbooks.Expressions;

/// <summary>What an expression names.</summary>
public enum ExpressionRoot
{
    App,
    ExecutionId,
    DrillId,
    Mode,
    Parameter,
    StepOutput,
}

/// <summary>
/// One <c>${...}</c> in an input: <c>${app}</c>, <c>${execution.id}</c>, <c>${drill.id}</c>, <c>${mode}</c>,
/// <c>${params.NAME}</c> or <c>${steps.STEP.OUTPUT}</c>. <see cref="Text"/> is what stood between the braces.
/// </summary>
public sealed record ExpressionReference(string Text, ExpressionRoot Root, string? Name = null, string? Output = null)
{
    public override string ToString() => "${" + Text + "}";
}

/// <summary>A piece of an input: literal text, or an expression.</summary>
public sealed record TemplatePart(string? Literal, ExpressionReference? Reference);
