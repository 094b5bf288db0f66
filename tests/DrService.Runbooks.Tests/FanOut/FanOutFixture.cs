using DrService.Runbooks.Definitions;
using DrService.Runbooks.Tests.Support;
using static DrService.Runbooks.Tests.Support.Build;

namespace DrService.Runbooks.Tests.FanOut;

/// <summary>
/// A runbook shaped like a tier B failover over an estate that is not the demo's: three databases, two instances
/// (two roles), three volumes of which two are attached (linked to their instance) and one is not, no buckets.
/// </summary>
internal static class FanOutFixture
{
    public static RunbookDefinition Template() => Runbook(
        Step("approve"),
        Step("restore-db", "test.work", "approve") with { ForEach = "databases", Undo = "test.undo", Inputs = In("${item.id}") },
        Step("wait-db", "test.work", "restore-db") with { ForEach = "databases", Inputs = In("${steps.restore-db.out}") },
        Step("launch", "test.work", "approve") with { ForEach = "instances", Undo = "test.undo", Inputs = In("${item.id}/${item.role}") },
        Step("volume", "test.work", "launch") with
        {
            ForEach = "volumes",
            Undo = "test.undo",
            Inputs = new Dictionary<string, string> { ["in"] = "${item.id}", ["x"] = "${steps.launch.out}", ["y"] = "${item.zone}" },
        },
        Step("buckets", "test.work", "approve") with { ForEach = "buckets", Inputs = In("${item.id}") },
        Step("smoke", "test.work", "wait-db", "volume") with { MarksRecovery = true, When = "${params.url}", Inputs = In("${params.url}") },
        Step("notify", "test.work", "smoke", "buckets") with { Inputs = In("${steps.wait-db.out}|${steps.buckets.out}") });

    public static RunbookItems Items() => new(new Dictionary<string, IReadOnlyList<RunbookItem>>(StringComparer.Ordinal)
    {
        ["databases"] = [Item("db-a"), Item("db-b"), Item("db-c")],
        ["instances"] = [Item("i-web", ("role", "web")), Item("i-worker", ("role", "worker"))],
        ["volumes"] =
        [
            Item("vol-1", ("zone", "zone-x")) with { Links = Link("instances", "i-web") },
            Item("vol-2", ("zone", "zone-x")) with { Links = Link("instances", "i-worker") },
            Item("vol-loose", ("zone", "zone-fallback")),
        ],
        ["buckets"] = [],
    })
    {
        EmptyReasons = new Dictionary<string, string>(StringComparer.Ordinal) { ["buckets"] = "the application has no bucket pairs (Resources:BucketPairs)" },
    };

    public static (TestAction Work, TestAction Undo, TestCatalog Catalog) TestActions()
    {
        // Echoes its inputs, so a test can see what each item's copy read.
        var work = new TestAction("test.work", "out")
        {
            Produce = c => new Dictionary<string, string>
            {
                ["out"] = $"[{c.Inputs.GetValueOrDefault("in")}|{c.Inputs.GetValueOrDefault("x")}|{c.Inputs.GetValueOrDefault("y")}]",
            },
        };
        var undo = new TestAction("test.undo");
        return (work, undo, new TestCatalog(work, undo));
    }

    public static Dictionary<string, string> In(string value) => new() { ["in"] = value };

    public static RunbookItem Item(string key, params (string Name, string Value)[] fields)
    {
        var map = fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        map["id"] = key;
        return new RunbookItem(key, map);
    }

    private static Dictionary<string, string> Link(string kind, string key) => new(StringComparer.Ordinal) { [kind] = key };
}
