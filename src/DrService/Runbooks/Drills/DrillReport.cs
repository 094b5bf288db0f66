using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Reporting;

namespace DrService.Runbooks.Drills;

/// <summary>What a finished drill achieved against the application's targets (stored in <c>drill_reports</c>).</summary>
public sealed record DrillReport(
    string ExecutionId, string Application, string Runbook, string? Tier, Phase Phase, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    double? RtoSeconds, double? RpoSeconds, double RtoTargetSeconds, double RpoTargetSeconds, bool RtoMet, bool RpoMet,
    IReadOnlyList<string> CriticalPath, IReadOnlyList<DrillStepReport> Steps, DrillCleanup Cleanup)
{
    /// <summary>"service answering" (the smoke test passed) or "infrastructure ready" (no smoke test: RTO ends when the infrastructure was up).</summary>
    public string? RtoMeasuredTo { get; init; }

    /// <summary>Each recovered item: source id, recovered id, copy used, its recovery point, the time it took. The RPO is the worst item's.</summary>
    public IReadOnlyList<DrillItemReport> Items { get; init; } = [];

    public static DrillReport From(ExecutionReport report, string? tier, TimeSpan rtoTarget, TimeSpan rpoTarget)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rto = report.Rto?.TotalSeconds;
        var rpo = report.Rpo?.TotalSeconds;
        var deleted = report.Cleanup.Where(c => c.State == UndoState.Succeeded).SelectMany(c => c.Resources).ToList();
        var failed = report.Cleanup.Where(c => c.State == UndoState.Failed)
            .Select(c => new DrillCleanupFailure(c.StepId, c.Action, c.Error, c.Resources)).ToList();
        return new DrillReport(report.ExecutionId, report.Application, report.Runbook, tier, report.Phase, report.StartedAt, report.EndedAt,
            rto, rpo, rtoTarget.TotalSeconds, rpoTarget.TotalSeconds,
            // A drill that never reached its recovery step did not meet its RTO; no recovery point reported is no RPO measured.
            RtoMet: rto is { } r && (rtoTarget <= TimeSpan.Zero || r <= rtoTarget.TotalSeconds),
            RpoMet: rpo is { } p && (rpoTarget <= TimeSpan.Zero || p <= rpoTarget.TotalSeconds),
            report.CriticalPath,
            [.. report.Steps.Select(s => new DrillStepReport(s.Id, s.Action, s.State, s.StartedAt, s.EndedAt, s.Duration?.TotalSeconds, s.Attempts) { SkipReason = s.SkipReason })],
            new DrillCleanup(report.CleanupState, deleted, failed))
        {
            RtoMeasuredTo = report.RtoMeasuredTo,
            Items = [.. report.Items.Select(i => new DrillItemReport(i.Kind, i.Source, i.State, i.Recovered, i.Copy, i.RecoveryPoint, i.Duration?.TotalSeconds, i.Steps))],
        };
    }
}

public sealed record DrillStepReport(string Id, string Action, StepState State, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds, int Attempts)
{
    public string? SkipReason { get; init; }
}

/// <summary>One recovered item of a report (<see cref="RecoveredItem"/>, durations in seconds like the rest of the report).</summary>
public sealed record DrillItemReport(string Kind, string Source, StepState State, string? Recovered, string? Copy, DateTimeOffset? RecoveryPoint,
    double? DurationSeconds, IReadOnlyList<string> Steps);

public sealed record DrillCleanup(CleanupState State, IReadOnlyList<string> Deleted, IReadOnlyList<DrillCleanupFailure> Failed);

public sealed record DrillCleanupFailure(string Step, string Action, string? Error, IReadOnlyList<string> Resources);
