using DrService.Runbooks.Actions;
using DrService.Runbooks.Expressions;

namespace DrService.Runbooks.Definitions;

/// <summary>The semantic rules of a runbook, each failure an error naming the step and field.</summary>
internal static class RunbookValidator
{
    public static void Validate(RunbookDefinition definition, string source, IStepActionCatalog? catalog, List<RunbookValidationError> errors)
    {
        void Error(string? step, string field, string message) => errors.Add(new(source, step, field, message));

        if (string.IsNullOrWhiteSpace(definition.Id) && !errors.Any(e => e.StepId is null && e.Field == "id"))
        {
            Error(null, "id", "is required");
        }
        if (definition.Steps.Count == 0)
        {
            Error(null, "steps", "the runbook has no steps");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            var name = step.Id.Length > 0 ? step.Id : $"#{i + 1}";
            if (step.Id.Length == 0)
            {
                Error(name, "id", "is required");
            }
            else if (!ExpressionTemplate.IsName(step.Id))
            {
                Error(name, "id", "may hold only letters, digits, '-' and '_'");
            }
            else if (!seen.Add(step.Id))
            {
                Error(name, "id", "is used by more than one step");
            }
        }

        var byId = definition.Steps.Where(s => s.Id.Length > 0).GroupBy(s => s.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            var name = step.Id.Length > 0 ? step.Id : "?";
            foreach (var dependency in step.DependsOn)
            {
                if (dependency == step.Id)
                {
                    Error(name, "dependsOn", "a step cannot depend on itself");
                }
                else if (!byId.ContainsKey(dependency))
                {
                    Error(name, "dependsOn", $"unknown step '{dependency}'");
                }
            }
        }
        foreach (var cycle in Cycles(definition.Steps, byId))
        {
            Error(cycle[0], "dependsOn", $"dependency cycle: {string.Join(" -> ", cycle)}");
        }

        var graph = new RunbookGraph(definition);
        if (definition.Steps.Count(s => s.MarksRecovery) > 1)
        {
            Error(null, "marksRecovery", $"only one step may mark recovery; marked: {string.Join(", ", definition.Steps.Where(s => s.MarksRecovery).Select(s => s.Id))}");
        }
        foreach (var step in definition.Steps)
        {
            ValidateStep(step, graph, byId, catalog, (field, message) => Error(step.Id.Length > 0 ? step.Id : "?", field, message));
        }
    }

    private static void ValidateStep(StepDefinition step, RunbookGraph graph, Dictionary<string, StepDefinition> byId,
        IStepActionCatalog? catalog, Action<string, string> error)
    {
        IStepAction? action = null;
        if (string.IsNullOrWhiteSpace(step.Action))
        {
            error("action", "is required");
        }
        else if (catalog is not null && (action = catalog.Find(step.Action)) is null)
        {
            error("action", $"unknown action '{step.Action}'");
        }
        if (action is not null)
        {
            foreach (var required in action.Schema.RequiredInputs.Where(r => !step.Inputs.ContainsKey(r)))
            {
                error($"inputs.{required}", $"required by action '{action.Name}' but missing");
            }
            var known = action.Schema.RequiredInputs.Concat(action.Schema.OptionalInputs).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in step.Inputs.Keys.Where(k => !known.Contains(k)))
            {
                error($"inputs.{unknown}", $"action '{action.Name}' has no input '{unknown}' (inputs: {Join(known)})");
            }
        }

        var ancestors = graph.Ancestors(step.Id);
        var expressions = step.Inputs.Select(kv => (Field: $"inputs.{kv.Key}", Text: kv.Value));
        if (step.When is { } when)
        {
            expressions = expressions.Append(("when", when));
        }
        foreach (var (field, text) in expressions)
        {
            var syntax = new List<string>();
            var template = ExpressionTemplate.Parse(text, syntax);
            foreach (var message in syntax)
            {
                error(field, message);
            }
            if (step.ForEach is null && template.References.FirstOrDefault(r => r.Root == ExpressionRoot.Item) is { } item)
            {
                error(field, $"{item}: only a step with forEach has an item");
            }
            foreach (var reference in template.References.Where(r => r.Root == ExpressionRoot.StepOutput))
            {
                if (!byId.TryGetValue(reference.Name!, out var source))
                {
                    error(field, $"{reference} refers to unknown step '{reference.Name}'");
                }
                else if (!ancestors.Contains(reference.Name!))
                {
                    error(field, $"{reference} refers to step '{reference.Name}', which this step does not depend on (directly or transitively)");
                }
                else if (catalog?.Find(source.Action) is { } sourceAction && !sourceAction.Schema.Outputs.Contains(reference.Output!, StringComparer.Ordinal))
                {
                    error(field, $"{reference}: action '{sourceAction.Name}' of step '{source.Id}' has no output '{reference.Output}' (outputs: {Join(sourceAction.Schema.Outputs)})");
                }
            }
        }

        if (step.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            error("timeout", "must be positive");
        }
        if (step.Retry.MaxAttempts < 1)
        {
            error("retry.maxAttempts", "must be at least 1");
        }
        if (step.Retry.Delay < TimeSpan.Zero)
        {
            error("retry.delay", "must not be negative");
        }
        if (double.IsNaN(step.Retry.Multiplier) || step.Retry.Multiplier < 1)
        {
            error("retry.multiplier", "must be at least 1");
        }
        if (step.Undo is { Length: > 0 } undo && catalog is not null && catalog.Find(undo) is null)
        {
            error("undo", $"unknown action '{undo}'");
        }
        if (step.Undo is { Length: 0 })
        {
            error("undo", "is empty");
        }
        if (step.ForEach is { } kind && !ExpressionTemplate.IsName(kind))
        {
            error("forEach", "must name a kind of item: letters, digits, '-' and '_' (e.g. databases, instances)");
        }
        if (step.Approval != ApprovalMode.None && step.ForEach is not null)
        {
            error("approval", "a forEach step cannot be an approval gate: gate a step it depends on");
        }
        if (step.RunIn is not (StepModes.Both or StepModes.Production or StepModes.Drill))
        {
            error("runIn", "must be both, production or drill");
        }
    }

    private static string Join(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    /// <summary>Each distinct cycle once, as a path that ends where it starts.</summary>
    private static List<List<string>> Cycles(IReadOnlyList<StepDefinition> steps, Dictionary<string, StepDefinition> byId)
    {
        var cycles = new List<List<string>>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();
        void Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var next in byId[id].DependsOn.Where(byId.ContainsKey).Where(d => d != id))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var cycle = path.Skip(path.IndexOf(next)).ToList();
                    cycle.Add(next);
                    cycles.Add(cycle);
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }
        foreach (var step in steps.Where(s => byId.ContainsKey(s.Id)))
        {
            if (state.GetValueOrDefault(step.Id) == 0)
            {
                Visit(step.Id);
            }
        }
        return cycles;
    }
}
