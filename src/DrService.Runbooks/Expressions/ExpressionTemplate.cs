namespace DrService.Runbooks.Expressions;

/// <summary>An input value split into literal text and <c>${...}</c> expressions.</summary>
public sealed class ExpressionTemplate
{
    private ExpressionTemplate(IReadOnlyList<TemplatePart> parts) => Parts = parts;

    public IReadOnlyList<TemplatePart> Parts { get; }

    public IEnumerable<ExpressionReference> References => Parts.Where(p => p.Reference is not null).Select(p => p.Reference!);

    /// <summary>Parses <paramref name="text"/>; every syntax problem (unclosed, empty, unknown root) goes to <paramref name="errors"/>.</summary>
    public static ExpressionTemplate Parse(string text, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var parts = new List<TemplatePart>();
        var index = 0;
        while (index < text.Length)
        {
            var open = text.IndexOf("${", index, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new TemplatePart(text[index..], null));
                break;
            }
            if (open > index)
            {
                parts.Add(new TemplatePart(text[index..open], null));
            }
            var close = text.IndexOf('}', open + 2);
            if (close < 0)
            {
                errors.Add($"'{text[open..]}' is not closed with '}}'");
                parts.Add(new TemplatePart(text[open..], null));
                break;
            }
            var inner = text[(open + 2)..close].Trim();
            var reference = ParseReference(inner, out var error);
            if (reference is null)
            {
                errors.Add(error!);
                parts.Add(new TemplatePart(text[open..(close + 1)], null));
            }
            else
            {
                parts.Add(new TemplatePart(null, reference));
            }
            index = close + 1;
        }
        return new ExpressionTemplate(parts);
    }

    private static ExpressionReference? ParseReference(string inner, out string? error)
    {
        error = null;
        var segments = inner.Split('.');
        switch (segments)
        {
            case ["app"]:
                return new ExpressionReference(inner, ExpressionRoot.App);
            case ["execution", "id"]:
                return new ExpressionReference(inner, ExpressionRoot.ExecutionId);
            case ["drill", "id"]:
                return new ExpressionReference(inner, ExpressionRoot.DrillId);
            case ["mode"]:
                return new ExpressionReference(inner, ExpressionRoot.Mode);
            case ["params", var name] when IsName(name):
                return new ExpressionReference(inner, ExpressionRoot.Parameter, name);
            case ["steps", var step, var output] when IsName(step) && IsName(output):
                return new ExpressionReference(inner, ExpressionRoot.StepOutput, step, output);
            case ["item", var field] when IsName(field):
                return new ExpressionReference(inner, ExpressionRoot.Item, field);
            default:
                error = inner.Length == 0
                    ? "'${}' is empty"
                    : $"'${{{inner}}}' is not a known expression (app, execution.id, drill.id, mode, params.NAME, steps.STEP.OUTPUT, item.FIELD)";
                return null;
        }
    }

    /// <summary>Letters, digits, '-' and '_', at least one character (step ids, parameter and output names).</summary>
    public static bool IsName(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
