using DrService.Runbooks.Api;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;

namespace DrService.Tests.Runbooks.Api;

public sealed class ExecutionViewTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_StepTitlesWithExpressions_AreShownFilledIn_AndAnUnknownOneIsLeftAsWritten()
    {
        var runbook = new RunbookDefinition
        {
            Id = "tier-a-failover",
            Kind = RunbookKind.Failover,
            Steps =
            [
                new StepDefinition { Id = "promote", Action = "rds.promote-replica", Title = "Promote ${params.replica} for ${app}" },
                new StepDefinition { Id = "odd", Action = "wait", Title = "Wait for ${params.nothing}" },
                new StepDefinition { Id = "plain", Action = "wait", Title = "No expression" },
            ],
        };
        var record = new ExecutionRecord
        {
            Id = "ex-1", Runbook = runbook, Application = "orders", Mode = ExecutionMode.Production, Phase = Phase.Running,
            RequestedBy = "alice", CreatedAt = At, Parameters = new Dictionary<string, string> { ["replica"] = "orders-db-dr" },
        };
        var journal = new[] { new JournalEntry { Sequence = 1, Kind = JournalEntryKind.ExecutionStarted, At = At } };

        var view = ExecutionView.From(record, journal);

        var titles = view.Steps!.ToDictionary(s => s.Id, s => s.Title);
        Assert.Equal("Promote orders-db-dr for orders", titles["promote"]);
        Assert.Equal("No expression", titles["plain"]);
        Assert.StartsWith("Wait for ", titles["odd"], StringComparison.Ordinal);
    }
}
