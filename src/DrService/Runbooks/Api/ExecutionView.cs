using DrService.Runbooks.Expressions;
using System.Globalization;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Store;

namespace DrService.Runbooks.Api;

/// <summary>An execution as the API shows it: the record, progress and every step folded from the journal.</summary>
public sealed record ExecutionView(
    string Id, string Runbook, RunbookKind Kind, string Application, ExecutionMode Mode, Phase Phase, string RequestedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Error, string? RequestKey,
    bool ApprovalsWaived, ExecutionProgress Progress, IReadOnlyList<StepView>? Steps)
{
    public static ExecutionView From(ExecutionRecord record, IReadOnlyList<JournalEntry>? journal)
    {
        ArgumentNullException.ThrowIfNull(record);
        var state = journal is null ? null : ExecutionState.Replay(record.Runbook, journal);
        // Titles may hold expressions ("Restore ${item.id}", "Promote ${params.replica}"): shown filled in, as the plan
        // shows them, each with its own item's fields and what the steps it reads have output so far.
        var steps = state?.Steps.Select(s => StepView.From(s) with
        {
            Title = TitleOf(s.Definition.Title, StepScopes.For(s.Definition, state.Steps, record.Application, record.Id, record.Mode, record.Parameters)),
        }).ToList();
        var done = steps?.Count(s => s.State is StepState.Succeeded or StepState.Skipped) ?? 0;
        return new ExecutionView(record.Id, record.Runbook.Id, record.Runbook.Kind, record.Application, record.Mode, record.Phase, record.RequestedBy,
            record.CreatedAt, record.StartedAt, record.EndedAt, record.Error, record.RequestKey, record.WaiveApprovals,
            new ExecutionProgress(done, record.Runbook.Steps.Count), steps);
    }

    private static string? TitleOf(string? title, ExpressionScope scope)
    {
        if (title is null || !title.Contains("${", StringComparison.Ordinal))
        {
            return title;
        }
        try
        {
            return scope.Resolve(title);
        }
        catch (ExpressionResolutionException)
        {
            // An output not produced yet: shown as a placeholder, as the plan does; anything else as written.
            try
            {
                return new ExpressionScope
                {
                    Application = scope.Application,
                    ExecutionId = scope.ExecutionId,
                    Mode = scope.Mode,
                    Parameters = scope.Parameters,
                    ItemFields = scope.ItemFields,
                    Placeholders = true,
                }.Resolve(title);
            }
            catch (ExpressionResolutionException)
            {
                return title;
            }
        }
    }

    /// <summary>A list row: no steps (the journal is not read).</summary>
    public static ExecutionView Summary(RunbookExecutionRecord record) => From(EfExecutionStore.ToExecution(record), null);
}

public sealed record ExecutionProgress(int Done, int Total);

public sealed record StepView(
    string Id, string Action, string? Title, StepState State, int Attempt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    double? DurationSeconds, IReadOnlyDictionary<string, string> Outputs, string? Error, ApprovalView? Approval, IReadOnlyList<string> DependsOn)
{
    /// <summary>For a fan-out step's copy: the runbook's step it was expanded from, and the item (source resource id) it runs for.</summary>
    public string? Template { get; init; }

    public string? Item { get; init; }

    /// <summary>The kind of item (databases, instances...) of a fan-out step.</summary>
    public string? ForEach { get; init; }

    /// <summary>Why a Skipped step was skipped (its mode, no items of its kind, an empty condition).</summary>
    public string? SkipReason { get; init; }

    public static StepView From(StepStatus step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var duration = step.StartedAt is { } from && step.EndedAt is { } to ? (to - from).TotalSeconds : (double?)null;
        var error = step.Error is null ? null : step.ErrorCode is null ? step.Error : string.Create(CultureInfo.InvariantCulture, $"{step.ErrorCode}: {step.Error}");
        var approval = step.Definition.Approval == ApprovalMode.None && step.Approval == ApprovalState.None
            ? null
            : new ApprovalView(step.Approval, step.ApprovalBy, step.ApprovalAt, step.ApprovalReason);
        return new StepView(step.Id, step.Definition.Action, step.Definition.Title, step.State, step.Attempt, step.StartedAt, step.EndedAt,
            duration, step.Outputs, error, approval, step.Definition.DependsOn)
        {
            Template = step.Definition.Template,
            Item = step.Definition.Item,
            ForEach = step.Definition.ForEach,
            SkipReason = step.SkipReason ?? step.Definition.SkipReason,
        };
    }
}

public sealed record ApprovalView(ApprovalState State, string? By, DateTimeOffset? At, string? Reason);
