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

    /// <summary>
    /// What a recovery needs to know of the resource and only its source region can say, stamped on each DR copy
    /// (<see cref="OwnershipTags"/> <c>dr:instance-type</c>, <c>dr:attached-to</c>, <c>dr:device</c>...), so that a
    /// failover with the source region dark still launches the right type and attaches volumes where they were.
    /// </summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();
}
