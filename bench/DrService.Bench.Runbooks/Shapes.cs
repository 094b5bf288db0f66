using System.Globalization;
using DrService.Runbooks.Definitions;

namespace DrService.Bench.Runbooks;

/// <summary>Runbook shapes with a simulated duration per step (the "ms" input of <see cref="WaitAction"/>).</summary>
public static class Shapes
{
    public static RunbookDefinition TierA() => Runbook("tier-a",
        S("check-replica", 100),
        S("promote-db", 400, "check-replica"),
        S("scale-asg", 300, "check-replica"),
        S("notify-start", 100),
        S("wait-healthy", 250, "scale-asg"),
        S("dns", 150, "promote-db", "wait-healthy"),
        S("smoke", 200, "dns") with { MarksRecovery = true },
        S("notify-end", 100, "smoke"));

    public static RunbookDefinition TierB() => Runbook("tier-b",
        S("find-snapshot", 100),
        S("restore-db", 400, "find-snapshot"),
        S("modify-db", 200, "restore-db"),
        S("copy-ami", 300),
        S("launch", 400, "copy-ami"),
        S("register", 100, "launch"),
        S("config", 150, "modify-db", "register"),
        S("dns", 150, "config"),
        S("smoke", 200, "dns") with { MarksRecovery = true });

    /// <summary>50 steps: 10 layers of 5, each step depending on 1-3 steps of the layer before; 100-400 ms each.</summary>
    public static RunbookDefinition WideDeep(int seed)
    {
        var random = new Random(seed);
        var steps = new List<StepDefinition>();
        for (var layer = 0; layer < 10; layer++)
        {
            for (var i = 0; i < 5; i++)
            {
                var deps = layer == 0 ? [] : Enumerable.Range(0, 5).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(j => $"l{layer - 1}s{j}").ToArray();
                steps.Add(S($"l{layer}s{i}", random.Next(100, 401), deps));
            }
        }
        return Runbook("wide-deep-50", [.. steps]);
    }

    /// <summary>
    /// A tier B failover over <paramref name="n"/> databases, <paramref name="n"/> instances and one data volume per
    /// instance (linked to it), and two DNS records, as the built-in runbooks fan out: each item has its own duration
    /// (100-400 ms, seeded), so the critical path runs through the slowest item's chain.
    /// </summary>
    public static RunbookDefinition FanOut(int n, int seed)
    {
        var template = Runbook($"fan-out-{n}",
            S("approve", 50),
            S("restore-db", "${item.restore}", "approve") with { ForEach = "databases" },
            S("wait-db", "${item.wait}", "restore-db") with { ForEach = "databases" },
            S("launch-fleet", "${item.restore}", "approve") with { ForEach = "instances" },
            S("wait-fleet", "${item.wait}", "launch-fleet") with { ForEach = "instances" },
            S("restore-volumes", "${item.restore}", "wait-fleet") with { ForEach = "volumes" },
            S("smoke-test", 200, "wait-db", "restore-volumes") with { MarksRecovery = true },
            S("dns-verify", "${item.restore}", "smoke-test") with { ForEach = "dnsRecords" },
            S("notify", 50, "dns-verify"));
        var random = new Random(seed);
        RunbookItem Item(string key, string? instance = null) => new(key, new Dictionary<string, string>
        {
            ["restore"] = random.Next(100, 401).ToString(CultureInfo.InvariantCulture),
            ["wait"] = random.Next(100, 401).ToString(CultureInfo.InvariantCulture),
        })
        {
            Links = instance is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["instances"] = instance },
        };
        var items = new RunbookItems(new Dictionary<string, IReadOnlyList<RunbookItem>>
        {
            ["databases"] = [.. Enumerable.Range(1, n).Select(i => Item($"db-{i}"))],
            ["instances"] = [.. Enumerable.Range(1, n).Select(i => Item($"i-{i}"))],
            ["volumes"] = [.. Enumerable.Range(1, n).Select(i => Item($"vol-{i}", $"i-{i}"))],
            ["dnsRecords"] = [Item("app.example.com."), Item("api.example.com.")],
        });
        return RunbookExpansion.Expand(template, items);
    }

    /// <summary>The step's simulated duration: its <c>ms</c> input, with a fan-out copy's item fields filled in.</summary>
    public static TimeSpan Simulated(StepDefinition step)
    {
        var scope = new DrService.Runbooks.Expressions.ExpressionScope
        {
            Application = "bench",
            ExecutionId = "bench",
            Mode = ExecutionMode.Production,
            ItemFields = step.ItemFields,
        };
        return TimeSpan.FromMilliseconds(int.Parse(scope.Resolve(step.Inputs["ms"]), CultureInfo.InvariantCulture));
    }

    private static StepDefinition S(string id, string ms, params string[] dependsOn) => new()
    {
        Id = id,
        Action = WaitAction.ActionName,
        DependsOn = dependsOn,
        Inputs = new Dictionary<string, string> { ["ms"] = ms },
    };

    private static StepDefinition S(string id, int ms, params string[] dependsOn) => new()
    {
        Id = id,
        Action = WaitAction.ActionName,
        DependsOn = dependsOn,
        Inputs = new Dictionary<string, string> { ["ms"] = ms.ToString(CultureInfo.InvariantCulture) },
    };

    private static RunbookDefinition Runbook(string id, params StepDefinition[] steps) => new() { Id = id, Kind = RunbookKind.Failover, Steps = steps };
}
