using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

/// <summary>EC2 tags and tag filters as the drivers use them.</summary>
internal static class Ec2Tags
{
    /// <summary>EC2 allows 50 user tags per resource.</summary>
    public const int MaxTagsPerResource = 50;

    public static Filter Filter(string key, string value) => new($"tag:{key}", [value]);

    /// <summary>The filters that find what DrService owns (for one application, or all).</summary>
    public static List<Filter> Owned(string? application)
    {
        var filters = new List<Filter> { Filter(OwnershipTags.ManagedBy, OwnershipTags.ManagedByValue) };
        if (application is not null)
        {
            filters.Add(Filter(OwnershipTags.Application, application));
        }
        return filters;
    }

    public static Dictionary<string, string> ToDictionary(List<Tag>? tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            if (tag.Key is not null)
            {
                result[tag.Key] = tag.Value ?? "";
            }
        }
        return result;
    }

    public static TagSpecification Spec(ResourceType type, IEnumerable<KeyValuePair<string, string>> tags) => new()
    {
        ResourceType = type,
        Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))],
    };

    /// <summary>
    /// A copy's tags: the order's own tags (the ownership tags), then, when <see cref="CopyOrder.CopySourceTags"/>, the
    /// source's tags except AWS-reserved <c>aws:*</c> keys and the keys the order sets, up to EC2's 50 tags.
    /// </summary>
    public static Dictionary<string, string> ForCopy(CopyOrder order)
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
            if (!key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                tags.TryAdd(key, value);
            }
        }
        return tags;
    }
}
