using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Planning;

/// <summary>A dry run of a runbook for one application and mode: nothing was called but the actions' PlanAsync.</summary>
public sealed record RunbookPlan(
    string Runbook,
    string Application,
    ExecutionMode Mode,
    IReadOnlyList<IReadOnlyList<string>> Waves,
    IReadOnlyList<PlannedStep> Steps);

/// <summary>
/// One step of a plan. <see cref="Inputs"/> are resolved, with outputs of other steps shown as <c>&lt;steps.S.O&gt;</c>;
/// <see cref="Approval"/> is true when the step would wait for an approver; <see cref="Skipped"/> when it does not run
/// in this mode; <see cref="Problems"/> lists what would fail (a missing parameter, an unknown action...).
/// </summary>
public sealed record PlannedStep(
    string Id,
    string Action,
    string? Title,
    int Wave,
    IReadOnlyList<string> DependsOn,
    IReadOnlyDictionary<string, string> Inputs,
    bool Approval,
    bool Skipped,
    string? Undo,
    IReadOnlyList<PlannedCall> Calls,
    IReadOnlyList<string> Problems)
{
    /// <summary>Why the step would be skipped (its mode, or a fan-out kind with no items).</summary>
    public string? SkipReason { get; init; }

    /// <summary>For a fan-out step's copy: the template step and the item it runs for.</summary>
    public string? Template { get; init; }

    public string? Item { get; init; }

    /// <summary>The title with its expressions filled in (item fields and parameters; other steps' outputs as placeholders).</summary>
    public string? ResolvedTitle { get; init; }
}
