namespace DrService.Runbooks.Definitions;

/// <summary>
/// Turns a runbook with <c>forEach</c> steps into the concrete graph one execution runs: each fan-out step becomes one
/// step per item, id <c>STEP:ITEMKEY</c> (see <see cref="ExpandedId"/>), with the item's fields for
/// <c>${item.FIELD}</c>. Done once, when the execution is created (and for the dry run), so the stored definition is
/// the graph the journal, resume, undo and reports work on, and the set of items cannot change under a running
/// execution. Rules, for a step S and a step T it depends on (or whose outputs it reads):
/// <list type="bullet">
/// <item>T ordinary: S (each of its copies) depends on T, as written.</item>
/// <item>T fans out over the same kind as S: S's copy for item k depends on T's copy for k and reads its outputs.</item>
/// <item>T fans out over kind J and S's item links to a J item k' (<see cref="RunbookItem.Links"/>): S's copy depends
///   on T's copy for k' and reads its outputs (a volume and the instance it is attached to).</item>
/// <item>T fans out over kind J and S's item has no J link: S's copy depends on every copy of T and reads T's outputs
///   as empty (an unattached volume has no instance zone; a fan-out step reads another kind only through a link).</item>
/// <item>S ordinary: S depends on every copy of T and reads each output joined with commas in item order.</item>
/// <item>A kind with no items: the step stays one step, with its own id, recorded Skipped with the reason
///   (<see cref="RunbookItems.EmptyReasons"/>); its outputs read as empty.</item>
/// </list>
/// </summary>
public static class RunbookExpansion
{
    /// <summary>The id of a fan-out step's copy for one item.</summary>
    public static string ExpandedId(string stepId, string itemKey) => $"{stepId}:{itemKey}";

    /// <summary>True when <paramref name="definition"/> has a forEach step that has not been expanded.</summary>
    public static bool NeedsExpansion(RunbookDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Steps.Any(s => s.ForEach is not null && s.Template is null && s.SkipReason is null);
    }

    public static RunbookDefinition Expand(RunbookDefinition template, RunbookItems items)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(items);
        if (!NeedsExpansion(template))
        {
            return template;
        }
        foreach (var (kind, list) in items.ByKind)
        {
            var duplicate = list.GroupBy(i => i.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new ArgumentException($"Items of kind '{kind}' repeat the key '{duplicate.Key}'.", nameof(items));
            }
        }

        // The kind of every fan-out step that has items, and the kinds each kind's items link to.
        var fanned = template.Steps.Where(s => s.ForEach is { } k && items.Of(k).Count > 0)
            .ToDictionary(s => s.Id, s => s.ForEach!, StringComparer.Ordinal);
        var referenced = template.Steps.ToDictionary(s => s.Id, Referenced, StringComparer.Ordinal);

        var steps = new List<StepDefinition>();
        foreach (var step in template.Steps)
        {
            if (step.ForEach is not { } kind)
            {
                steps.Add(step with { DependsOn = [.. step.DependsOn.SelectMany(d => AllCopies(d))] });
                continue;
            }
            var list = items.Of(kind);
            if (list.Count == 0)
            {
                steps.Add(step with
                {
                    DependsOn = [.. step.DependsOn.SelectMany(d => AllCopies(d))],
                    SkipReason = items.EmptyReasons.GetValueOrDefault(kind) ?? $"there are no {kind} to run for",
                });
                continue;
            }
            foreach (var item in list)
            {
                var bindings = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var other in referenced[step.Id].Concat(step.DependsOn).Distinct(StringComparer.Ordinal))
                {
                    if (Partner(kind, item, other) is { } partner)
                    {
                        bindings[other] = partner;
                    }
                }
                var dependsOn = step.DependsOn.SelectMany(d => bindings.TryGetValue(d, out var partner)
                    ? (partner.Length > 0 ? [partner] : AllCopies(d))
                    : AllCopies(d));
                steps.Add(step with
                {
                    Id = ExpandedId(step.Id, item.Key),
                    Template = step.Id,
                    Item = item.Key,
                    ItemFields = item.Fields,
                    DependsOn = [.. dependsOn.Distinct(StringComparer.Ordinal)],
                    Bindings = bindings,
                });
            }
        }
        return template with { Steps = steps };

        // Every copy of a fanned-out step; an ordinary step (or one without items) is itself.
        IEnumerable<string> AllCopies(string stepId) =>
            fanned.TryGetValue(stepId, out var kind) ? items.Of(kind).Select(i => ExpandedId(stepId, i.Key)) : [stepId];

        // The copy of fan-out step `other` that an item of `kind` pairs with: "" when it reads empty, null when `other` is ordinary.
        string? Partner(string kind, RunbookItem item, string other)
        {
            if (!fanned.TryGetValue(other, out var otherKind))
            {
                return null;
            }
            if (otherKind == kind)
            {
                return ExpandedId(other, item.Key);
            }
            if (item.Links.TryGetValue(otherKind, out var linked) && items.Of(otherKind).Any(i => i.Key == linked))
            {
                return ExpandedId(other, linked);
            }
            return "";
        }
    }

    /// <summary>The steps whose outputs a step's inputs and title read.</summary>
    private static HashSet<string> Referenced(StepDefinition step)
    {
        var errors = new List<string>();
        return step.Inputs.Values.Append(step.Title ?? "")
            .SelectMany(text => Expressions.ExpressionTemplate.Parse(text, errors).References)
            .Where(r => r.Root == Expressions.ExpressionRoot.StepOutput)
            .Select(r => r.Name!)
            .ToHashSet(StringComparer.Ordinal);
    }
}
