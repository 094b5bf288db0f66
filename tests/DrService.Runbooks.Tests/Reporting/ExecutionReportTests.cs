using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Reporting;
using static DrService.Runbooks.Tests.Support.Build;

namespace DrService.Runbooks.Tests.Reporting;

public sealed class ExecutionReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_DrillJournal_GivesTimingsRtoRpoCriticalPathAndCleanup()
    {
        var runbook = Runbook(
            Step("restore") with { Undo = "test.undo" },
            Step("launch") with { Undo = "test.undo" },
            Step("smoke", "test.work", "restore", "launch") with { MarksRecovery = true });
        var record = new ExecutionRecord
        {
            Id = "ex-1", Runbook = runbook, Application = "orders", Mode = ExecutionMode.Drill, Phase = Phase.PartiallyFailed,
            RequestedBy = "t", CreatedAt = T0, StartedAt = T0, EndedAt = T0.AddMinutes(20),
        };
        long seq = 0;
        JournalEntry E(JournalEntryKind kind, double minutes, string? step = null, int attempt = 1, Dictionary<string, string>? data = null, string? code = null) =>
            new() { Sequence = ++seq, Kind = kind, At = T0.AddMinutes(minutes), StepId = step, Attempt = attempt, Data = data, Code = code, Message = code };
        var journal = new List<JournalEntry>
        {
            E(JournalEntryKind.ExecutionStarted, 0),
            E(JournalEntryKind.StepStarting, 0, "restore"),
            E(JournalEntryKind.StepStarting, 0, "launch"),
            E(JournalEntryKind.StepRetryScheduled, 1, "restore", 2, code: "Throttling"),
            E(JournalEntryKind.StepStarting, 1, "restore", 2),
            E(JournalEntryKind.StepSucceeded, 3, "launch", data: new() { ["created"] = "i-1, i-2", ["recoveryPoint"] = "2026-11-28T11:55:00Z" }),
            E(JournalEntryKind.StepSucceeded, 9, "restore", 2, data: new() { ["recoveryPoint"] = "2026-11-28T11:50:00Z", ["created"] = "db-1" }),
            E(JournalEntryKind.StepStarting, 9, "smoke"),
            E(JournalEntryKind.StepSucceeded, 10, "smoke"),
            E(JournalEntryKind.UndoStarting, 11, "restore"),
            E(JournalEntryKind.UndoFailed, 12, "restore", code: "InvalidState"),
            E(JournalEntryKind.UndoStarting, 12, "launch"),
            E(JournalEntryKind.UndoSucceeded, 13, "launch"),
            E(JournalEntryKind.ExecutionEnded, 14, data: new() { ["phase"] = "PartiallyFailed" }),
        };

        var report = ExecutionReport.From(record, journal);

        Assert.Equal(TimeSpan.FromMinutes(10), report.Rto);
        Assert.Equal(TimeSpan.FromMinutes(10), report.Rpo); // start - the oldest recovery point (11:50)
        Assert.Equal(TimeSpan.FromMinutes(14), report.TotalDuration);
        var restore = report.Steps.Single(s => s.Id == "restore");
        Assert.Equal(2, restore.Attempts);
        Assert.Equal(TimeSpan.FromMinutes(9), restore.Duration);
        Assert.Equal(StepState.Succeeded, restore.State);
        Assert.Equal(["restore", "smoke"], report.CriticalPath);
        Assert.Equal(TimeSpan.FromMinutes(10), report.CriticalPathDuration);
        Assert.Equal(CleanupState.Failed, report.CleanupState);
        Assert.Equal(["restore", "launch"], report.Cleanup.Select(c => c.StepId)); // reverse order of completion
        Assert.Equal(["db-1"], report.Cleanup[0].Resources);
        Assert.Contains("InvalidState", report.Cleanup[0].Error);
        Assert.Equal(["i-1", "i-2"], report.Cleanup[1].Resources);
        Assert.Equal(UndoState.Succeeded, report.Cleanup[1].State);
    }

    [Fact]
    public void From_RecoveryNotReached_HasNoRto_AndNoRecoveryPointNoRpo()
    {
        var runbook = Runbook(Step("a"), Step("smoke", "test.work", "a") with { MarksRecovery = true });
        var record = new ExecutionRecord { Id = "ex-2", Runbook = runbook, Application = "orders", Mode = ExecutionMode.Production, Phase = Phase.Failed, RequestedBy = "t", CreatedAt = T0 };
        var journal = new List<JournalEntry>
        {
            new() { Sequence = 1, Kind = JournalEntryKind.ExecutionStarted, At = T0 },
            new() { Sequence = 2, Kind = JournalEntryKind.StepStarting, At = T0, StepId = "a", Attempt = 1 },
            new() { Sequence = 3, Kind = JournalEntryKind.StepFailed, At = T0.AddMinutes(1), StepId = "a", Attempt = 1, Code = "X" },
        };

        var report = ExecutionReport.From(record, journal);

        Assert.Null(report.Rto);
        Assert.Null(report.Rpo);
        Assert.Equal(CleanupState.None, report.CleanupState);
        Assert.Equal(StepState.Failed, report.Steps[0].State);
        Assert.Equal(StepState.Pending, report.Steps[1].State);
    }
}
