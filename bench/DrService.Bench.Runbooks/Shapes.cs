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

    public static TimeSpan Simulated(StepDefinition step) => TimeSpan.FromMilliseconds(int.Parse(step.Inputs["ms"], CultureInfo.InvariantCulture));

    private static StepDefinition S(string id, int ms, params string[] dependsOn) => new()
    {
        Id = id,
        Action = WaitAction.ActionName,
        DependsOn = dependsOn,
        Inputs = new Dictionary<string, string> { ["ms"] = ms.ToString(CultureInfo.InvariantCulture) },
    };

    private static RunbookDefinition Runbook(string id, params StepDefinition[] steps) => new() { Id = id, Kind = RunbookKind.Failover, Steps = steps };
}
