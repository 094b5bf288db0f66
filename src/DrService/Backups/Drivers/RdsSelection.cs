using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Drivers;

/// <summary>Pure helpers the two RDS drivers share: selection, filter chunks, snapshot states and copy tags.</summary>
internal static class RdsSelection
{
    /// <summary>
    /// Values sent in one RDS describe filter. Neither botocore's rds model nor the API reference states a limit on
    /// a filter's values; 100 matches the page size (MaxRecords) and keeps each request's form body small.
    /// </summary>
    public const int MaxFilterValues = 100;

    /// <summary>A resource matches when its id is listed (RDS identifiers ignore case) or it carries every listed tag.</summary>
    public static bool Matches(ResourceSelector selector, string id, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.Ids.Any(listed => string.Equals(listed, id, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        return selector.Tags.Count > 0
            && selector.Tags.All(t => tags.TryGetValue(t.Key, out var value) && string.Equals(value, t.Value, StringComparison.Ordinal));
    }

    /// <summary>Distinct (ignoring case) ids in chunks of at most <see cref="MaxFilterValues"/>.</summary>
    public static IEnumerable<string[]> Chunks(IEnumerable<string> ids, int size = MaxFilterValues) =>
        ids.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.OrdinalIgnoreCase).Chunk(size);

    /// <summary>RDS snapshot statuses (available, creating, copying, failed, incompatible-*, deleting...) as an <see cref="ArtifactState"/>.</summary>
    public static ArtifactState State(string status) => status.ToLowerInvariant() switch
    {
        "available" => ArtifactState.Available,
        "failed" or "error" => ArtifactState.Failed,
        var s when s.StartsWith("incompatible", StringComparison.Ordinal) => ArtifactState.Failed,
        "deleting" or "deleted" => ArtifactState.Deleting,
        // creating, copying, pending, modifying, upgrading and anything new: not usable yet, not to be deleted.
        _ => ArtifactState.Pending,
    };

    /// <summary>
    /// RDS allows 50 tags per resource: AWS docs, "Tagging Amazon RDS resources"
    /// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html), "A resource can have up to 50 tags".
    /// moto accepts more (issue 14, item 9; docs/design/aws-facts.md).
    /// </summary>
    public const int MaxTagsPerResource = 50;

    /// <summary>
    /// The copy's tags: the order's ownership tags first (they always win and are always kept), then, when asked, the
    /// source's own tags (without reserved <c>aws:</c> and the source's <c>dr:</c> tags, in key order) up to RDS's
    /// <see cref="MaxTagsPerResource"/>, as <see cref="Ec2Tags.ForCopy"/> does for EC2. Merged here because AWS applies
    /// no source tag when the call names tags of its own, CopyTags or not.
    /// </summary>
    public static Dictionary<string, string> CopyTags(CopyOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var tags = new Dictionary<string, string>(order.Tags, StringComparer.Ordinal);
        if (!order.CopySourceTags)
        {
            return tags;
        }
        foreach (var (key, value) in order.Source.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (tags.Count >= MaxTagsPerResource)
            {
                break;
            }
            if (!key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) && !key.StartsWith("dr:", StringComparison.Ordinal))
            {
                tags.TryAdd(key, value);
            }
        }
        return tags;
    }

    /// <summary>The application setting whose absence <see cref="RdsDriverException.KmsKeyRequired"/> reports.</summary>
    public static string KmsKeyConfigurationKey(string application) => $"DrService:Applications:{application}:Backup:KmsKeyId";

    public static string OptionGroupsConfigurationKey(string application) => $"DrService:Applications:{application}:Backup:OptionGroups";

    /// <summary>Whether an AWS error code is <paramref name="code"/> (RDS spells some codes with a Fault suffix, some without).</summary>
    public static bool IsCode(string errorCode, string code) =>
        string.Equals(errorCode, code, StringComparison.Ordinal) || string.Equals(errorCode, code + "Fault", StringComparison.Ordinal);
}
