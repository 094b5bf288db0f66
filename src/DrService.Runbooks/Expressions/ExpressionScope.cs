using System.Globalization;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Expressions;

/// <summary>A reference that has no value: the step fails with code <c>MissingInput</c>.</summary>
public sealed class ExpressionResolutionException(string message) : Exception(message);

/// <summary>
/// The values expressions resolve against. In a dry run (<see cref="Placeholders"/>), step outputs and the execution
/// id are shown as <c>&lt;steps.S.O&gt;</c> and <c>&lt;execution.id&gt;</c> instead of failing.
/// </summary>
public sealed class ExpressionScope
{
    public required string Application { get; init; }

    public required string ExecutionId { get; init; }

    public required ExecutionMode Mode { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Outputs of succeeded steps, by step id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> StepOutputs { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Steps whose every output reads as empty: a fan-out step with no items, or an item's copy that was skipped.</summary>
    public IReadOnlySet<string> EmptyOutputSteps { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The fields of the item a fan-out step's copy runs for (<c>${item.FIELD}</c>); a field it lacks reads as empty.</summary>
    public IReadOnlyDictionary<string, string>? ItemFields { get; init; }

    public bool Placeholders { get; init; }

    public string Resolve(ExpressionReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Root switch
        {
            ExpressionRoot.App => Application,
            ExpressionRoot.ExecutionId => Placeholders ? "<execution.id>" : ExecutionId,
            ExpressionRoot.DrillId => Mode == ExecutionMode.Drill ? (Placeholders ? "<drill.id>" : ExecutionId) : "",
            ExpressionRoot.Mode => Mode == ExecutionMode.Drill ? "drill" : "production",
            ExpressionRoot.Parameter => Parameters.TryGetValue(reference.Name!, out var value)
                ? value
                : throw new ExpressionResolutionException($"{reference}: the execution has no parameter '{reference.Name}'"),
            ExpressionRoot.StepOutput => Placeholders
                ? $"<steps.{reference.Name}.{reference.Output}>"
                : StepOutputs.TryGetValue(reference.Name!, out var outputs) && outputs.TryGetValue(reference.Output!, out var output)
                    ? output
                    : EmptyOutputSteps.Contains(reference.Name!)
                        ? ""
                        : throw new ExpressionResolutionException($"{reference}: step '{reference.Name}' has no output '{reference.Output}'"),
            ExpressionRoot.Item => ItemFields is null
                ? throw new ExpressionResolutionException($"{reference}: only a forEach step has an item")
                : ItemFields.GetValueOrDefault(reference.Name!, ""),
            _ => throw new ExpressionResolutionException(string.Create(CultureInfo.InvariantCulture, $"{reference}: unknown expression")),
        };
    }

    public string Resolve(string text)
    {
        var errors = new List<string>();
        var template = ExpressionTemplate.Parse(text, errors);
        if (errors.Count > 0)
        {
            throw new ExpressionResolutionException(string.Join("; ", errors));
        }
        return string.Concat(template.Parts.Select(p => p.Literal ?? Resolve(p.Reference!)));
    }

    /// <summary>Every input resolved; every failure named in one exception.</summary>
    public IReadOnlyDictionary<string, string> ResolveAll(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var (name, text) in inputs)
        {
            try
            {
                resolved[name] = Resolve(text);
            }
            catch (ExpressionResolutionException e)
            {
                failures.Add($"input '{name}': {e.Message}");
            }
        }
        return failures.Count > 0 ? throw new ExpressionResolutionException(string.Join("; ", failures)) : resolved;
    }
}
