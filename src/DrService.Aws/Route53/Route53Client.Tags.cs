using DrService.Aws.Protocol;

namespace DrService.Aws.Route53;

public sealed partial class Route53Client
{
    /// <summary>ListTagsForResources takes 1-10 ids (botocore route53 <c>TagResourceIdList</c> max 10).</summary>
    private const int MaxTagResourceIds = 10;

    public Task ChangeTagsForResourceAsync(
        Route53TagResourceType resourceType,
        string resourceId,
        IReadOnlyDictionary<string, string>? addTags,
        IReadOnlyCollection<string>? removeTagKeys = null,
        string account = "default",
        CancellationToken cancellationToken = default)
    {
        var body = Route53Xml.El("ChangeTagsForResourceRequest",
            addTags is { Count: > 0 }
                ? Route53Xml.El("AddTags", addTags.Select(t => Route53Xml.El("Tag", Route53Xml.El("Key", t.Key), Route53Xml.El("Value", t.Value))))
                : null,
            removeTagKeys is { Count: > 0 } ? Route53Xml.El("RemoveTagKeys", removeTagKeys.Select(k => Route53Xml.El("Key", k))) : null);
        return _send(account, "ChangeTagsForResource", HttpMethod.Post, TagsPath(resourceType, resourceId), body, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(
        Route53TagResourceType resourceType, string resourceId, string account = "default", CancellationToken cancellationToken = default)
    {
        var answer = await _send(account, "ListTagsForResource", HttpMethod.Get, TagsPath(resourceType, resourceId), null, cancellationToken);
        return answer.Path("ResourceTagSet", "Tags", "Tag")
            .ToDictionary(t => t.ChildValue("Key") ?? string.Empty, t => t.ChildValue("Value") ?? string.Empty, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> ListTagsForResourcesAsync(
        Route53TagResourceType resourceType, IReadOnlyCollection<string> resourceIds, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var chunk in resourceIds.Select(Route53Xml.BareId).Distinct(StringComparer.Ordinal).Chunk(MaxTagResourceIds))
        {
            var body = Route53Xml.El("ListTagsForResourcesRequest", Route53Xml.El("ResourceIds", chunk.Select(id => Route53Xml.El("ResourceId", id))));
            var answer = await _send(account, "ListTagsForResources", HttpMethod.Post,
                $"{V}/tags/{(resourceType == Route53TagResourceType.HealthCheck ? "healthcheck" : "hostedzone")}", body, cancellationToken);
            foreach (var set in answer.Path("ResourceTagSets", "ResourceTagSet"))
            {
                tags[set.ChildValue("ResourceId") ?? string.Empty] = set.Path("Tags", "Tag")
                    .ToDictionary(t => t.ChildValue("Key") ?? string.Empty, t => t.ChildValue("Value") ?? string.Empty, StringComparer.Ordinal);
            }
        }
        return tags;
    }

    private static string TagsPath(Route53TagResourceType type, string id) =>
        $"{V}/tags/{(type == Route53TagResourceType.HealthCheck ? "healthcheck" : "hostedzone")}/{Id(id)}";
}
