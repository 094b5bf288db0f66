using DrService.Runbooks.Definitions;
using static DrService.Runbooks.Tests.FanOut.FanOutFixture;

namespace DrService.Runbooks.Tests.FanOut;

public sealed class RunbookExpansionTests
{
    private static readonly RunbookDefinition Expanded = RunbookExpansion.Expand(Template(), Items());

    private static StepDefinition StepOf(string id) => Expanded.Steps.Single(s => s.Id == id);

    [Fact]
    public void Expand_OneStepPerItem_InItemOrder()
    {
        Assert.Equal(
            ["approve", "restore-db:db-a", "restore-db:db-b", "restore-db:db-c", "wait-db:db-a", "wait-db:db-b", "wait-db:db-c",
             "launch:i-web", "launch:i-worker", "volume:vol-1", "volume:vol-2", "volume:vol-loose", "buckets", "smoke", "notify"],
            Expanded.Steps.Select(s => s.Id));
        var copy = StepOf("restore-db:db-b");
        Assert.Equal(("restore-db", "db-b", "databases"), (copy.Template, copy.Item, copy.ForEach));
        Assert.Equal("db-b", copy.ItemFields!["id"]);
        Assert.Equal("test.undo", copy.Undo);
    }

    [Fact]
    public void Expand_SameKind_PairsItemWithItem()
    {
        Assert.Equal(["restore-db:db-b"], StepOf("wait-db:db-b").DependsOn);
        Assert.Equal("restore-db:db-b", StepOf("wait-db:db-b").Bindings!["restore-db"]);
        Assert.Equal(["approve"], StepOf("restore-db:db-a").DependsOn);
    }

    [Fact]
    public void Expand_LinkedItem_PairsWithItsInstance_UnlinkedWaitsForAllAndReadsEmpty()
    {
        Assert.Equal(["launch:i-worker"], StepOf("volume:vol-2").DependsOn);
        Assert.Equal("launch:i-worker", StepOf("volume:vol-2").Bindings!["launch"]);
        Assert.Equal(["launch:i-web", "launch:i-worker"], StepOf("volume:vol-loose").DependsOn);
        Assert.Equal("", StepOf("volume:vol-loose").Bindings!["launch"]);
    }

    [Fact]
    public void Expand_OrdinaryStepAfterFanOut_DependsOnEveryCopy()
    {
        Assert.Equal(["wait-db:db-a", "wait-db:db-b", "wait-db:db-c", "volume:vol-1", "volume:vol-2", "volume:vol-loose"], StepOf("smoke").DependsOn);
        Assert.Equal(["smoke", "buckets"], StepOf("notify").DependsOn);
        Assert.Null(StepOf("notify").Bindings);
    }

    [Fact]
    public void Expand_KindWithoutItems_OneSkippedStepWithTheReason()
    {
        var buckets = StepOf("buckets");
        Assert.Equal("the application has no bucket pairs (Resources:BucketPairs)", buckets.SkipReason);
        Assert.Null(buckets.Template);
        Assert.Equal(["approve"], buckets.DependsOn);
    }

    [Fact]
    public void Expand_KindMissingFromItems_SkippedWithADefaultReason()
    {
        var expanded = RunbookExpansion.Expand(Template(), RunbookItems.None);
        Assert.Equal("there are no databases to run for", expanded.Steps.Single(s => s.Id == "restore-db").SkipReason);
        Assert.False(RunbookExpansion.NeedsExpansion(expanded));
    }

    [Fact]
    public void Expand_ExpandedDefinition_IsReturnedAsIs()
    {
        Assert.Same(Expanded, RunbookExpansion.Expand(Expanded, Items()));
    }

    [Fact]
    public void Expand_DuplicateKeys_Throws()
    {
        var items = new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>> { ["databases"] = [Item("db-a"), Item("db-a")] });
        var error = Assert.Throws<ArgumentException>(() => RunbookExpansion.Expand(Template(), items));
        Assert.Contains("db-a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_FiftyItems_FiftyCopiesEachPairedOnce()
    {
        var items = new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>>
        {
            ["databases"] = [.. Enumerable.Range(1, 50).Select(i => Item($"db-{i:D2}"))],
        });
        var expanded = RunbookExpansion.Expand(Template(), items);
        var waits = expanded.Steps.Where(s => s.Template == "wait-db").ToList();
        Assert.Equal(50, waits.Count);
        Assert.All(waits, w => Assert.Equal([RunbookExpansion.ExpandedId("restore-db", w.Item!)], w.DependsOn));
    }
}

public sealed class FanOutLoaderTests
{
    [Fact]
    public void Load_ForEachAndWhen_Read()
    {
        var definition = RunbookLoader.LoadOrThrow("""
            id: fan
            kind: failover
            steps:
              - id: restore
                action: test.work
                forEach: databases
                inputs: { in: "${item.id}" }
              - id: smoke
                action: test.work
                dependsOn: [restore]
                when: ${params.url}
                inputs: { in: "${steps.restore.out}" }
            """, "fan.yaml");
        Assert.Equal("databases", definition.Steps[0].ForEach);
        Assert.Equal("${params.url}", definition.Steps[1].When);
    }

    [Theory]
    [InlineData("inputs: { in: \"${item.id}\" }", "inputs.in", "only a step with forEach has an item")]
    [InlineData("forEach: \"data bases\"", "forEach", "must name a kind")]
    [InlineData("when: ${steps.later.out}", "when", "does not depend on")]
    public void Load_BadFanOut_NamesTheField(string line, string field, string message)
    {
        var result = RunbookLoader.Load($"""
            id: fan
            kind: failover
            steps:
              - id: first
                action: test.work
                {line}
              - id: later
                action: test.work
                dependsOn: [first]
            """, "fan.yaml");
        Assert.Contains(result.Errors, e => e.StepId == "first" && e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }
}
