using DrService.Runbooks.Definitions;
using DrService.Runbooks.Expressions;

namespace DrService.Runbooks.Execution;

/// <summary>
/// What a step's expressions resolve against, as one execution's journal stands: succeeded steps' outputs by id, and
/// for fanned-out steps (see <see cref="RunbookExpansion"/>) their outputs under the template's id: the bound item's
/// copy, or every copy's output joined with commas in item order. The engine, the API's views and the reports all
/// build scopes here, so a title reads the same everywhere.
/// </summary>
public static class StepScopes
{
    public static ExpressionScope For(StepDefinition step, IEnumerable<StepStatus> steps, string application, string executionId,
        ExecutionMode mode, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(steps);
        var all = steps as IReadOnlyCollection<StepStatus> ?? [.. steps];
        var outputs = all.Where(s => s.State == StepState.Succeeded)
            .ToDictionary(s => s.Id, s => s.Outputs, StringComparer.Ordinal);
        var empty = all.Where(s => s.Definition.SkipReason is not null || s.State == StepState.Skipped)
            .Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var group in all.Where(s => s.Definition.Template is not null).GroupBy(s => s.Definition.Template!, StringComparer.Ordinal))
        {
            if (step.Bindings?.TryGetValue(group.Key, out var partner) == true)
            {
                var bound = group.FirstOrDefault(s => s.Id == partner);
                if (bound is { State: StepState.Succeeded })
                {
                    outputs[group.Key] = bound.Outputs;
                }
                else if (partner.Length == 0 || bound is { State: StepState.Skipped })
                {
                    empty.Add(group.Key);
                }
                continue;
            }
            var done = group.Where(s => s.State == StepState.Succeeded).ToList();
            if (done.Count > 0)
            {
                outputs[group.Key] = Joined(done);
            }
            else if (group.All(s => s.State == StepState.Skipped))
            {
                empty.Add(group.Key);
            }
        }
        return new ExpressionScope
        {
            Application = application,
            ExecutionId = executionId,
            Mode = mode,
            Parameters = parameters,
            StepOutputs = outputs,
            EmptyOutputSteps = empty,
            ItemFields = step.ItemFields,
        };
    }

    /// <summary>Each output name of any copy, its non-empty values joined with commas in item (definition) order.</summary>
    private static Dictionary<string, string> Joined(IReadOnlyList<StepStatus> copies)
    {
        var names = copies.SelectMany(c => c.Outputs.Keys).Distinct(StringComparer.Ordinal);
        return names.ToDictionary(
            name => name,
            name => string.Join(",", copies.Select(c => c.Outputs.GetValueOrDefault(name)).Where(v => !string.IsNullOrEmpty(v))),
            StringComparer.Ordinal);
    }
}
