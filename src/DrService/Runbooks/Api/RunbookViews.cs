using DrService.Runbooks.Actions;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Planning;

namespace DrService.Runbooks.Api;

/// <summary>A runbook of the catalog: its definition and where it came from.</summary>
public sealed record RunbookView(string Id, string? Title, string? Description, RunbookKind Kind, string? Tier, string Source, bool BuiltIn, bool Overrides,
    IReadOnlyList<StepDefinition>? Steps)
{
    public static RunbookView From(CatalogEntry entry, bool withSteps)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var d = entry.Definition;
        return new RunbookView(d.Id, d.Title, d.Description, d.Kind, d.Tier, Path.GetFileName(entry.Source), entry.BuiltIn, entry.Overrides, withSteps ? d.Steps : null);
    }
}

/// <summary>A dry run as the API shows it.</summary>
public sealed record PlanView(string Runbook, string Application, ExecutionMode Mode, IReadOnlyList<IReadOnlyList<string>> Waves, IReadOnlyList<PlanStepView> Steps)
{
    public static PlanView From(RunbookPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanView(plan.Runbook, plan.Application, plan.Mode, plan.Waves, [.. plan.Steps.Select(s => new PlanStepView(
            s.Id, s.Action, s.Title, s.Wave, s.DependsOn, s.Inputs, s.Approval, s.Skipped, s.Undo, s.Calls, s.Problems))]);
    }
}

public sealed record PlanStepView(string Id, string Action, string? Title, int Wave, IReadOnlyList<string> DependsOn, IReadOnlyDictionary<string, string> Inputs,
    bool Approval, bool Skipped, string? Undo, IReadOnlyList<PlannedCall> Calls, IReadOnlyList<string> Problems);

public sealed record PlanRequest(string? Application, ExecutionMode? Mode, string? Runbook = null, RunbookPurpose? Kind = null);

public sealed record StartExecutionRequest(string? Runbook, string? Application, ExecutionMode? Mode, string? Confirm, RunbookPurpose? Kind = null);

public sealed record StartDrillRequest(string? Application, string? Runbook);

public sealed record DecisionRequest(string? Reason);
