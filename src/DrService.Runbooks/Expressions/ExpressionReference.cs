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

    /// <summary><c>${item.FIELD}</c>: a field of the item a fan-out step's copy runs for.</summary>
    Item,
}

/// <summary>
/// One <c>${...}</c> in an input: <c>${app}</c>, <c>${execution.id}</c>, <c>${drill.id}</c>, <c>${mode}</c>,
/// <c>${params.NAME}</c>, <c>${steps.STEP.OUTPUT}</c> or (in a <c>forEach</c> step) <c>${item.FIELD}</c>. <see cref="Text"/> is what stood between the braces.
/// </summary>
public sealed record ExpressionReference(string Text, ExpressionRoot Root, string? Name = null, string? Output = null)
{
    public override string ToString() => "${" + Text + "}";
}

/// <summary>A piece of an input: literal text, or an expression.</summary>
public sealed record TemplatePart(string? Literal, ExpressionReference? Reference);
