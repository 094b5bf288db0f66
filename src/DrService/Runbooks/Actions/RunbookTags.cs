using System.Security.Cryptography;
using System.Text;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// What runbook steps put on what they create, and how they recognise it again: the ownership tags
/// (<see cref="OwnershipTags"/>) plus the execution and step, deterministic names and ClientTokens derived from the
/// execution id and step id, and the one ownership rule every undo applies before deleting anything.
/// </summary>
public static class RunbookTags
{
    /// <summary>The execution that created the resource (production and drills).</summary>
    public const string ExecutionId = "dr:execution-id";

    /// <summary>The runbook step that created the resource: re-runs of the step find their earlier work by it.</summary>
    public const string StepId = "dr:step";

    public const string Runbook = "dr:runbook";

    /// <summary>When a promoted replica stopped receiving writes (ISO 8601): its recovery point, read back by a re-check.</summary>
    public const string RecoveryPoint = "dr:recovery-point";

    /// <summary>On a cluster detached from an Aurora global database: that global database's id (the inventory finds it again by this, and the rebuild runbook uses it as the new primary).</summary>
    public const string DetachedFrom = "dr:detached-from";

    /// <summary>Tags of everything a step creates: managed-by, app, execution, runbook, step, and the drill id in drills.</summary>
    public static Dictionary<string, string> For(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue,
            [OwnershipTags.Application] = context.Application,
            [ExecutionId] = context.ExecutionId,
            [Runbook] = context.RunbookId,
            [StepId] = context.StepId,
        };
        if (context.DrillId is { } drill)
        {
            tags[OwnershipTags.DrillId] = drill;
        }
        return tags;
    }

    /// <summary>
    /// True when an undo may delete a resource with these tags: DrService owns it, and it belongs to this drill
    /// (<c>dr:drill-id</c>) or, outside drills, to this execution (<c>dr:execution-id</c>).
    /// </summary>
    public static bool BelongsTo(IReadOnlyDictionary<string, string> tags, StepContext context, out string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (key, expected) = context.DrillId is { } drill ? (OwnershipTags.DrillId, drill) : (ExecutionId, context.ExecutionId);
        return BelongsTo(tags, key, expected, out reason);
    }

    /// <summary>
    /// The same rule for a given owner: <c>dr:managed-by=drservice</c> and <paramref name="key"/> =
    /// <paramref name="expected"/> (the drill sweeper passes <c>dr:drill-id</c> and the drill it is cleaning up).
    /// </summary>
    public static bool BelongsTo(IReadOnlyDictionary<string, string> tags, string key, string expected, out string reason)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (!tags.TryGetValue(OwnershipTags.ManagedBy, out var by) || by != OwnershipTags.ManagedByValue)
        {
            reason = $"it does not carry {OwnershipTags.ManagedBy}={OwnershipTags.ManagedByValue}";
            return false;
        }
        if (!tags.TryGetValue(key, out var value) || value != expected)
        {
            reason = $"its {key} is '{value ?? "(none)"}', not '{expected}'";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>
    /// A deterministic resource name: <paramref name="baseName"/> as is in production, with the drill id appended in
    /// drills; valid as an RDS identifier (letters, digits, single hyphens, at most <paramref name="max"/>).
    /// </summary>
    public static string Name(StepContext context, string baseName, int max = 63)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.DrillId is { } drill ? $"{baseName}-{drill}" : baseName;
        return CopyNames.Identifier(text, $"{context.ExecutionId}/{context.StepId}/{baseName}", max);
    }

    /// <summary>An idempotency token (EC2 ClientToken, at most 64 ASCII characters) for one call of one step of one execution.</summary>
    public static string ClientToken(StepContext context, string purpose)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{context.ExecutionId}/{context.StepId}/{purpose}"));
        return "drs-" + Convert.ToHexStringLower(hash)[..40];
    }
}
