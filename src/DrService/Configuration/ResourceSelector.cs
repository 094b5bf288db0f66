namespace DrService.Configuration;

/// <summary>Selects resources by id, by tags (all must match), or both (either matches).</summary>
public sealed class ResourceSelector
{
    public List<string> Ids { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
}
