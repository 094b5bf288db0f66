using DrService.Runbooks.Actions;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;

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

/// <summary>
/// A dry run as the API shows it: the steps (one per item of a fan-out step), the inventory item by item with the copy
/// each would use and its recovery point, and the problems that would refuse a start (errors) or weaken it (warnings).
/// </summary>
public sealed record PlanView(string Runbook, string Application, ExecutionMode Mode, IReadOnlyList<IReadOnlyList<string>> Waves, IReadOnlyList<PlanStepView> Steps,
    IReadOnlyList<InventoryItemView> Inventory, IReadOnlyList<Inventory.RecoveryProblem> Problems)
{
    public static PlanView From(Hosting.RunbookPlanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plan = result.Plan;
        return new PlanView(plan.Runbook, plan.Application, plan.Mode, plan.Waves, [.. plan.Steps.Select(s => new PlanStepView(
            s.Id, s.Action, s.ResolvedTitle ?? s.Title, s.Wave, s.DependsOn, s.Inputs, s.Approval, s.Skipped, s.Undo, s.Calls, s.Problems)
            {
                SkipReason = s.SkipReason,
                Template = s.Template,
                Item = s.Item,
            })],
            [.. result.Inventory.Items.Select(InventoryItemView.From)], result.Inventory.Problems);
    }
}

public sealed record PlanStepView(string Id, string Action, string? Title, int Wave, IReadOnlyList<string> DependsOn, IReadOnlyDictionary<string, string> Inputs,
    bool Approval, bool Skipped, string? Undo, IReadOnlyList<PlannedCall> Calls, IReadOnlyList<string> Problems)
{
    public string? SkipReason { get; init; }

    public string? Template { get; init; }

    public string? Item { get; init; }
}

/// <summary>One item of the recovery inventory: the source resource, the copy it would be recovered from and that copy's recovery point.</summary>
public sealed record InventoryItemView(string Kind, string Id, string? Copy, DateTimeOffset? RecoveryPoint, string Source,
    IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> Links)
{
    public static InventoryItemView From(Inventory.InventoryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new InventoryItemView(item.Kind, item.Key, item.Copy, item.RecoveryPoint, item.Source, item.Fields, item.Links);
    }
}

public sealed record PlanRequest(string? Application, ExecutionMode? Mode, string? Runbook = null, RunbookPurpose? Kind = null);

/// <summary><c>AcceptProblems</c>: start although the recovery inventory found errors (otherwise 422 with the list); audited.</summary>
public sealed record StartExecutionRequest(string? Runbook, string? Application, ExecutionMode? Mode, string? Confirm, RunbookPurpose? Kind = null, bool AcceptProblems = false);

public sealed record StartDrillRequest(string? Application, string? Runbook, bool AcceptProblems = false);

public sealed record DecisionRequest(string? Reason);
