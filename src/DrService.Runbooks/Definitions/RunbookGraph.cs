namespace DrService.Runbooks.Definitions;

/// <summary>The step graph of a valid runbook: topological waves and each step's transitive dependencies.</summary>
public sealed class RunbookGraph
{
    private readonly Dictionary<string, StepDefinition> steps;
    private readonly Dictionary<string, HashSet<string>> ancestors = new(StringComparer.Ordinal);

    public RunbookGraph(RunbookDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        steps = definition.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Waves = ComputeWaves(definition.Steps);
    }

    /// <summary>Steps grouped so that every step's dependencies are in earlier waves; each wave in definition order.</summary>
    public IReadOnlyList<IReadOnlyList<StepDefinition>> Waves { get; }

    public StepDefinition? Find(string id) => steps.GetValueOrDefault(id);

    /// <summary>Every step <paramref name="stepId"/> depends on, directly or transitively (cycle-safe).</summary>
    public IReadOnlySet<string> Ancestors(string stepId)
    {
        if (ancestors.TryGetValue(stepId, out var known))
        {
            return known;
        }
        var result = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(steps.TryGetValue(stepId, out var step) ? step.DependsOn : []);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (result.Add(id) && steps.TryGetValue(id, out var dependency))
            {
                foreach (var next in dependency.DependsOn)
                {
                    stack.Push(next);
                }
            }
        }
        ancestors[stepId] = result;
        return result;
    }

    private static List<IReadOnlyList<StepDefinition>> ComputeWaves(IReadOnlyList<StepDefinition> all)
    {
        var ids = all.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var waves = new List<IReadOnlyList<StepDefinition>>();
        var remaining = all.ToList();
        while (remaining.Count > 0)
        {
            var wave = remaining.Where(s => s.DependsOn.All(d => placed.Contains(d) || !ids.Contains(d))).ToList();
            if (wave.Count == 0)
            {
                break; // a cycle: the validator reports it
            }
            waves.Add(wave);
            foreach (var step in wave)
            {
                placed.Add(step.Id);
                remaining.Remove(step);
            }
        }
        return waves;
    }
}
