using Amazon.S3;
using Amazon.S3.Model;

namespace DrService.Replication;

/// <summary>The outcome of matching a bucket's replication rules to a pair: the rule that covers it, or why none does.</summary>
internal sealed record RuleMatch(ReplicationRule? Rule, string Reason, string Message)
{
    public bool Covers => Rule is not null;

    /// <summary>Replication Time Control (and its metrics) enabled on the covering rule.</summary>
    public bool HasReplicationTimeControl =>
        Rule?.Destination?.ReplicationTime?.Status == ReplicationTimeStatus.Enabled;
}

/// <summary>
/// Finds the Enabled rule that replicates the configured prefix to the destination bucket: its filter prefix (or the
/// legacy rule prefix, or the prefix of an And filter without tags) is a prefix of the configured one, and its
/// destination is the destination bucket's ARN. A rule filtered by tags covers only tagged objects: never the prefix.
/// </summary>
internal static class S3RuleMatcher
{
    public static RuleMatch Match(ReplicationConfiguration? configuration, string destinationArn, string prefix)
    {
        var rules = configuration?.Rules ?? [];
        if (rules.Count == 0)
        {
            return new(null, "NoReplicationRules", "the source bucket has no replication configuration");
        }
        var toDestination = rules.Where(r => SameBucket(r.Destination?.BucketArn, destinationArn)).ToList();
        if (toDestination.Count == 0)
        {
            return new(null, "NoRuleForDestination", $"no replication rule targets {destinationArn}");
        }
        var covering = toDestination.Where(r => Covers(r, prefix)).ToList();
        if (covering.Count == 0)
        {
            return new(null, "PrefixNotCovered", $"no rule to {destinationArn} covers the prefix '{prefix}' (rule prefixes: {string.Join(", ", toDestination.Select(r => $"'{RulePrefix(r) ?? "(tag filter)"}'"))})");
        }
        var enabled = covering.Where(r => r.Status == ReplicationRuleStatus.Enabled).OrderBy(r => r.Priority ?? 0).FirstOrDefault();
        return enabled is null
            ? new(null, "RuleDisabled", $"the rule(s) covering '{prefix}' are disabled: {string.Join(", ", covering.Select(r => r.Id))}")
            : new(enabled, "RuleCovers", $"rule {enabled.Id} (prefix '{RulePrefix(enabled)}') replicates '{prefix}' to {destinationArn}");
    }

    private static bool Covers(ReplicationRule rule, string prefix) =>
        RulePrefix(rule) is { } rulePrefix && prefix.StartsWith(rulePrefix, StringComparison.Ordinal);

    /// <summary>The key prefix a rule replicates; null when it also requires tags (it does not cover every object).</summary>
    private static string? RulePrefix(ReplicationRule rule)
    {
        var filter = rule.Filter;
        if (filter is null)
        {
#pragma warning disable CS0618 // Rule.Prefix is the legacy (V1) spelling: still answered for old configurations.
            return rule.Prefix ?? string.Empty;
#pragma warning restore CS0618
        }
        if (filter.Tag is not null)
        {
            return null;
        }
        if (filter.And is { } and)
        {
            return and.Tags is { Count: > 0 } ? null : and.Prefix ?? string.Empty;
        }
        return filter.Prefix ?? string.Empty;
    }

    private static bool SameBucket(string? arn, string destinationArn) =>
        arn is not null && string.Equals(arn.Split(":::").Last(), destinationArn.Split(":::").Last(), StringComparison.Ordinal);
}
