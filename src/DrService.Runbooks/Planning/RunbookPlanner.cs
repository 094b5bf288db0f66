using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Expressions;

namespace DrService.Runbooks.Planning;

/// <summary>
/// Dry runs: the steps in waves, inputs resolved, gates and the calls each action would make. Never calls Check or
/// Execute. Plan the expanded definition (<see cref="RunbookExpansion"/>) to see each fan-out item.
/// </summary>
public static class RunbookPlanner
{
    public static async Task<RunbookPlan> PlanAsync(RunbookDefinition definition, string application, ExecutionMode mode,
        IReadOnlyDictionary<string, string> parameters, IStepActionCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(catalog);
        var graph = new RunbookGraph(definition);
        var scope = new ExpressionScope
        {
            Application = application,
            ExecutionId = "<execution.id>",
            Mode = mode,
            Parameters = parameters ?? new Dictionary<string, string>(),
            Placeholders = true,
        };
        if (RunbookExpansion.NeedsExpansion(definition))
        {
            definition = RunbookExpansion.Expand(definition, RunbookItems.None);
            graph = new RunbookGraph(definition);
        }
        var steps = new List<PlannedStep>();
        for (var wave = 0; wave < graph.Waves.Count; wave++)
        {
            foreach (var step in graph.Waves[wave])
            {
                steps.Add(await PlanStepAsync(definition, step, wave + 1, application, mode, scope, catalog, cancellationToken));
            }
        }
        var waves = graph.Waves.Select(w => (IReadOnlyList<string>)w.Select(s => s.Id).ToList()).ToList();
        return new RunbookPlan(definition.Id, application, mode, waves, steps);
    }

    private static async Task<PlannedStep> PlanStepAsync(RunbookDefinition definition, StepDefinition step, int wave, string application,
        ExecutionMode mode, ExpressionScope shared, IStepActionCatalog catalog, CancellationToken cancellationToken)
    {
        var scope = new ExpressionScope
        {
            Application = shared.Application,
            ExecutionId = shared.ExecutionId,
            Mode = shared.Mode,
            Parameters = shared.Parameters,
            Placeholders = true,
            ItemFields = step.ItemFields,
        };
        var problems = new List<string>();
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in step.Inputs)
        {
            var syntax = new List<string>();
            var template = ExpressionTemplate.Parse(text, syntax);
            problems.AddRange(syntax.Select(message => $"input '{name}': {message}"));
            inputs[name] = string.Concat(template.Parts.Select(part =>
            {
                if (part.Reference is null)
                {
                    return part.Literal;
                }
                try
                {
                    return scope.Resolve(part.Reference);
                }
                catch (ExpressionResolutionException e)
                {
                    problems.Add($"input '{name}': {e.Message}");
                    return $"<missing {part.Reference.Text}>";
                }
            }));
        }
        var skipReason = step.SkipReason
            ?? (step.RunIn.HasFlag(mode == ExecutionMode.Drill ? StepModes.Drill : StepModes.Production)
                ? null
                : $"runs in {step.RunIn} only; this is a {mode.ToString().ToLowerInvariant()} run");
        if (skipReason is null && step.When is { } when)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(scope.Resolve(when)))
                {
                    skipReason = $"condition 'when: {when}' is empty";
                }
            }
            catch (ExpressionResolutionException e)
            {
                problems.Add($"when: {e.Message}");
            }
        }
        var skipped = skipReason is not null;
        var approval = !skipped && (step.Approval == ApprovalMode.Required || (step.Approval == ApprovalMode.ProductionOnly && mode == ExecutionMode.Production));
        IReadOnlyList<PlannedCall> calls = [];
        var action = catalog.Find(step.Action);
        if (action is null)
        {
            problems.Add($"no action named '{step.Action}' is registered");
        }
        else if (!skipped)
        {
            var context = new StepContext
            {
                ExecutionId = "<execution.id>",
                RunbookId = definition.Id,
                StepId = step.Id,
                Application = application,
                Mode = mode,
                Attempt = 1,
                Inputs = inputs,
                Log = (_, _) => Task.CompletedTask,
            };
            try
            {
                calls = await action.PlanAsync(context, cancellationToken);
            }
            catch (StepFailedException e)
            {
                problems.Add($"{e.Code}: {e.Message}");
            }
        }
        if (step.Undo is { } undo && catalog.Find(undo) is null)
        {
            problems.Add($"no undo action named '{undo}' is registered");
        }
        string? title = null;
        if (step.Title is { } titleText)
        {
            try
            {
                title = scope.Resolve(titleText);
            }
            catch (ExpressionResolutionException)
            {
                title = titleText;
            }
        }
        return new PlannedStep(step.Id, step.Action, step.Title, wave, step.DependsOn, inputs, approval, skipped, step.Undo, calls, problems)
        {
            SkipReason = skipReason,
            Template = step.Template,
            Item = step.Item,
            ResolvedTitle = title,
        };
    }
}
