namespace DrService.Backups.Model;

/// <summary>A resource an application protects, found in its source region by ids and/or tags.</summary>
public sealed record ProtectedResource(string Application, ArtifactKind Kind, string Region, string ResourceId)
{
    public string? Arn { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Size in GiB where known (volume size, allocated storage).</summary>
    public long? SizeGiB { get; init; }

    /// <summary>For an instance, the AZ (and the like) a driver may need to create its source backup.</summary>
    public string? Detail { get; init; }
}
