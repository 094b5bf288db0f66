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

    [Fact]
    public void From_FanOutSteps_ShowEachItemsTitle_TheirTemplateAndItem_AndWhyAKindWasSkipped()
    {
        var template = new RunbookDefinition
        {
            Id = "tier-b-failover",
            Kind = RunbookKind.Failover,
            Steps =
            [
                new StepDefinition { Id = "restore-db", Action = "rds.restore-from-copy", Title = "Restore ${item.id} as ${item.targetName}", ForEach = "databases" },
                new StepDefinition { Id = "check-s3", Action = "s3.verify-replication", Title = "Check ${item.destination}", ForEach = "buckets" },
            ],
        };
        var items = new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>>
        {
            ["databases"] = [new("db-a", new Dictionary<string, string> { ["id"] = "db-a", ["targetName"] = "db-a-dr" }), new("db-b", new Dictionary<string, string> { ["id"] = "db-b" })],
        })
        {
            EmptyReasons = new Dictionary<string, string> { ["buckets"] = "the application has no bucket pairs" },
        };
        var record = new ExecutionRecord
        {
            Id = "ex-2", Runbook = RunbookExpansion.Expand(template, items), Application = "catalog", Mode = ExecutionMode.Drill, Phase = Phase.Running,
            RequestedBy = "alice", CreatedAt = At,
        };

        var view = ExecutionView.From(record, [new JournalEntry { Sequence = 1, Kind = JournalEntryKind.ExecutionStarted, At = At }]);

        var steps = view.Steps!.ToDictionary(s => s.Id);
        Assert.Equal(["restore-db:db-a", "restore-db:db-b", "check-s3"], view.Steps!.Select(s => s.Id));
        Assert.Equal("Restore db-a as db-a-dr", steps["restore-db:db-a"].Title);
        Assert.Equal("Restore db-b as ", steps["restore-db:db-b"].Title);
        Assert.Equal(("restore-db", "db-a", "databases"), (steps["restore-db:db-a"].Template, steps["restore-db:db-a"].Item, steps["restore-db:db-a"].ForEach));
        Assert.Equal("the application has no bucket pairs", steps["check-s3"].SkipReason);
        Assert.Equal(3, view.Progress.Total);
    }
}
