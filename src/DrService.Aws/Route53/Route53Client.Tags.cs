using DrService.Aws.Protocol;

namespace DrService.Aws.Route53;

public sealed partial class Route53Client
{
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

    private static string TagsPath(Route53TagResourceType type, string id) =>
        $"{V}/tags/{(type == Route53TagResourceType.HealthCheck ? "healthcheck" : "hostedzone")}/{Id(id)}";
}
