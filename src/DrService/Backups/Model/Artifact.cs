namespace DrService.Backups.Model;

/// <summary>Where an artifact (a source backup or a DR copy) stands, as AWS reports it.</summary>
public enum ArtifactState
{
    /// <summary>Being created or copied (pending, creating, copying).</summary>
    Pending,

    /// <summary>Usable (available, completed).</summary>
    Available,

    /// <summary>AWS gave up on it (failed, error, incompatible-*).</summary>
    Failed,

    /// <summary>Being deleted or deregistered, or gone.</summary>
    Deleting,
}

/// <summary>
/// An AMI or snapshot, in the source region (a source backup) or in the DR region (a copy). Copies carry the
/// ownership tags (<see cref="OwnershipTags"/>), from which <see cref="SourceId"/> and friends are read.
/// </summary>
public sealed record Artifact(
    ArtifactKind Kind,
    string Region,
    string Id,
    string ResourceId,
    DateTimeOffset CreatedAt,
    ArtifactState State)
{
    public string? Arn { get; init; }

    /// <summary>Percent done while pending, when AWS says.</summary>
    public int? Progress { get; init; }

    public bool Encrypted { get; init; }

    public string? KmsKeyId { get; init; }

    /// <summary>Size in GiB (volume size, allocated storage; for an AMI the sum of its snapshots).</summary>
    public long? SizeGiB { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>An AMI's block-device snapshots (deleted with it); empty for other kinds.</summary>
    public IReadOnlyList<string> BackingSnapshotIds { get; init; } = [];

    /// <summary>A DB snapshot's option group (RDS DB snapshots only; null for other kinds and when AWS does not say).</summary>
    public string? OptionGroupName { get; init; }

    /// <summary>A name where the kind has one (the AMI name).</summary>
    public string? Name { get; init; }

    public bool IsOwned => Tags.TryGetValue(OwnershipTags.ManagedBy, out var by) && by == OwnershipTags.ManagedByValue;

    public string? SourceId => Tags.GetValueOrDefault(OwnershipTags.SourceId);

    public string? SourceRegion => Tags.GetValueOrDefault(OwnershipTags.SourceRegion);

    public string? Application => Tags.GetValueOrDefault(OwnershipTags.Application);

    /// <summary>When the source backup was taken: the data's age is measured from here (RPO).</summary>
    public DateTimeOffset SourceCreatedAt =>
        Tags.TryGetValue(OwnershipTags.SourceCreated, out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : CreatedAt;

    /// <summary>The copy's <see cref="OwnershipTags.CopyAttempt"/> (0 when absent).</summary>
    public int CopyAttempt =>
        Tags.TryGetValue(OwnershipTags.CopyAttempt, out var text) && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    public bool IsPinned => Tags.TryGetValue(OwnershipTags.Pinned, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
}
