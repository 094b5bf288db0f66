using System.Globalization;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Reporting;

/// <summary>One step's timings in a report.</summary>
public sealed record StepTiming(string Id, string Action, StepState State, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, TimeSpan? Duration, int Attempts)
{
    /// <summary>For a fan-out step's copy: the template step and the item.</summary>
    public string? Template { get; init; }

    public string? Item { get; init; }

    public string? SkipReason { get; init; }
}

/// <summary>
/// One recovered item (a database, an instance, a volume...): its source id, what now serves it, the DR copy used and
/// its recovery point, and the time from its first step's start to its last step's end. <see cref="State"/> is the
/// worst of the steps that ran (Failed before Cancelled before Running/Pending before Succeeded); Skipped when none ran.
/// </summary>
public sealed record RecoveredItem(string Kind, string Source, StepState State, string? Recovered, string? Copy, DateTimeOffset? RecoveryPoint,
    TimeSpan? Duration, IReadOnlyList<string> Steps);

/// <summary>One cleanup (undo) of a drill: the step undone, its undo action, how it went and what it removed.</summary>
public sealed record CleanupResult(string StepId, string Action, UndoState State, string? Error, IReadOnlyList<string> Resources);

public enum CleanupState
{
    /// <summary>Nothing to clean up (production, or no step with an undo succeeded).</summary>
    None,
    Succeeded,
    Failed,

    /// <summary>Some undo has not finished (the execution is still running or was interrupted).</summary>
    Incomplete,
}

/// <summary>
/// What an execution achieved, from its record and journal: per-step timings, RTO (start to the success of the step
/// that marks recovery), RPO (start minus the oldest <c>recoveryPoint</c> output), the critical path and cleanup.
/// </summary>
public sealed record ExecutionReport
{
    public required string ExecutionId { get; init; }

    public required string Runbook { get; init; }

    public required string Application { get; init; }

    public required ExecutionMode Mode { get; init; }

    public required Phase Phase { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public TimeSpan? TotalDuration { get; init; }

    /// <summary>ExecutionStarted to StepSucceeded of the step with MarksRecovery; null when not reached.</summary>
    public TimeSpan? Rto { get; init; }

    /// <summary>
    /// What the RTO was measured to: "service answering" (the recovery step, a smoke test, succeeded) or
    /// "infrastructure ready" (it was skipped, e.g. no smoke-test URL, and RTO ends when it was reached).
    /// </summary>
    public string? RtoMeasuredTo { get; init; }

    /// <summary>Every item a fan-out step ran for, by kind then source id. The RPO is the worst item's.</summary>
    public IReadOnlyList<RecoveredItem> Items { get; init; } = [];

    /// <summary>Start minus the oldest recoveryPoint output; null when no step reported one.</summary>
    public TimeSpan? Rpo { get; init; }

    public required IReadOnlyList<StepTiming> Steps { get; init; }

    /// <summary>The chain of dependent steps with the largest summed duration.</summary>
    public required IReadOnlyList<string> CriticalPath { get; init; }

    public TimeSpan CriticalPathDuration { get; init; }

    public CleanupState CleanupState { get; init; }

    public required IReadOnlyList<CleanupResult> Cleanup { get; init; }

    public static ExecutionReport From(ExecutionRecord record, IReadOnlyList<JournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(journal);
        var ordered = journal.OrderBy(e => e.Sequence).ToList();
        var state = ExecutionState.Replay(record.Runbook, ordered);
        var startedAt = state.StartedAt ?? record.StartedAt;
        var endedAt = ordered.LastOrDefault(e => e.Kind == JournalEntryKind.ExecutionEnded)?.At ?? record.EndedAt;

        var steps = state.Steps.Select(s => new StepTiming(
            s.Id, s.Definition.Action, s.State, s.StartedAt, s.EndedAt,
            s.StartedAt is { } from && s.EndedAt is { } to ? to - from : null,
            ordered.Where(e => e.Kind == JournalEntryKind.StepStarting && e.StepId == s.Id).Select(e => e.Attempt).Distinct().Count())
        {
            Template = s.Definition.Template,
            Item = s.Definition.Item,
            SkipReason = s.SkipReason,
        }).ToList();

        TimeSpan? rto = null;
        string? measuredTo = null;
        if (startedAt is { } start && state.Steps.FirstOrDefault(s => s.Definition.MarksRecovery) is { State: StepState.Succeeded or StepState.Skipped, EndedAt: { } recovered } marker)
        {
            rto = recovered - start;
            measuredTo = marker.State == StepState.Succeeded ? "service answering" : "infrastructure ready";
        }
        TimeSpan? rpo = null;
        var points = state.Steps.Where(s => s.State == StepState.Succeeded)
            .Select(s => s.Outputs.GetValueOrDefault(WellKnownOutputs.RecoveryPoint))
            .Select(p => DateTimeOffset.TryParse(p, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null)
            .Where(p => p is not null).Select(p => p!.Value).ToList();
        if (startedAt is { } begun && points.Count > 0)
        {
            rpo = begun - points.Min();
        }

        var (path, pathDuration) = CriticalPathOf(record.Runbook, steps.ToDictionary(s => s.Id, s => s.Duration ?? TimeSpan.Zero, StringComparer.Ordinal));
        var cleanup = state.Steps
            .Where(s => s.State == StepState.Succeeded && !string.IsNullOrEmpty(s.Definition.Undo))
            .OrderByDescending(s => s.SucceededSequence)
            .Select(s => new CleanupResult(s.Id, s.Definition.Undo!, s.Undo, s.UndoError,
                (s.Outputs.GetValueOrDefault(WellKnownOutputs.Created) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .ToList();
        var cleanupState = record.Mode != ExecutionMode.Drill || cleanup.Count == 0 ? CleanupState.None
            : cleanup.Any(c => c.State is UndoState.None or UndoState.Running) ? CleanupState.Incomplete
            : cleanup.Any(c => c.State == UndoState.Failed) ? CleanupState.Failed
            : CleanupState.Succeeded;

        return new ExecutionReport
        {
            ExecutionId = record.Id,
            Runbook = record.Runbook.Id,
            Application = record.Application,
            Mode = record.Mode,
            Phase = record.Phase,
            StartedAt = startedAt,
            EndedAt = endedAt,
            TotalDuration = startedAt is { } s0 && endedAt is { } e0 ? e0 - s0 : null,
            Rto = rto,
            RtoMeasuredTo = measuredTo,
            Items = ItemsOf(state),
            Rpo = rpo,
            Steps = steps,
            CriticalPath = path,
            CriticalPathDuration = pathDuration,
            CleanupState = cleanupState,
            Cleanup = cleanup,
        };
    }

    private static List<RecoveredItem> ItemsOf(ExecutionState state) =>
        [.. state.Steps.Where(s => s.Definition.Item is not null && s.Definition.ForEach is not null)
            .GroupBy(s => (Kind: s.Definition.ForEach!, Item: s.Definition.Item!))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Item, StringComparer.Ordinal)
            .Select(g =>
            {
                var steps = g.ToList();
                string? Output(string name) => steps.Where(s => s.State == StepState.Succeeded)
                    .Select(s => s.Outputs.GetValueOrDefault(name)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
                var point = Output(WellKnownOutputs.RecoveryPoint) is { } text
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
                var from = steps.Where(s => s.StartedAt is not null).Select(s => s.StartedAt!.Value).DefaultIfEmpty().Min();
                var to = steps.Where(s => s.EndedAt is not null).Select(s => s.EndedAt!.Value).DefaultIfEmpty().Max();
                // Its worst state among the steps that ran: a step skipped for the mode (a drill never promotes) does not
                // make a recovered item look skipped; Skipped only when every step of it was.
                var ran = steps.Where(s => s.State != StepState.Skipped).Select(s => s.State).ToList();
                return new RecoveredItem(g.Key.Kind, g.Key.Item, ran.Count == 0 ? StepState.Skipped : ran.MaxBy(Severity),
                    Output(WellKnownOutputs.Recovered) ?? Output(WellKnownOutputs.Created), Output(WellKnownOutputs.Copy), point,
                    from != default && to != default && to >= from ? to - from : null,
                    [.. steps.Select(s => s.Id)]);
            })];

    private static int Severity(StepState state) => state switch
    {
        StepState.Succeeded => 0,
        StepState.Skipped => 1,
        StepState.Pending or StepState.WaitingForApproval or StepState.Running => 2,
        StepState.Cancelled => 3,
        _ => 4,
    };

    /// <summary>Longest chain through the dependency graph, weighted by <paramref name="durations"/>.</summary>
    public static (IReadOnlyList<string> Path, TimeSpan Duration) CriticalPathOf(RunbookDefinition definition, IReadOnlyDictionary<string, TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(durations);
        var best = new Dictionary<string, (TimeSpan Total, string? Previous)>(StringComparer.Ordinal);
        foreach (var step in new RunbookGraph(definition).Waves.SelectMany(w => w))
        {
            var previous = step.DependsOn.Where(best.ContainsKey).OrderByDescending(d => best[d].Total).FirstOrDefault();
            var before = previous is null ? TimeSpan.Zero : best[previous].Total;
            best[step.Id] = (before + durations.GetValueOrDefault(step.Id), previous);
        }
        if (best.Count == 0)
        {
            return ([], TimeSpan.Zero);
        }
        var end = best.MaxBy(kv => kv.Value.Total).Key;
        var path = new List<string>();
        for (string? id = end; id is not null; id = best[id].Previous)
        {
            path.Add(id);
        }
        path.Reverse();
        return (path, best[end].Total);
    }
}
