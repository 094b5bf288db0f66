using DrService.Backups.Model;

namespace DrService.Backups.Retention;

/// <summary>
/// What retention needs to know about one DR copy: its id, when its source backup was taken (ages and periods are
/// measured from <see cref="SourceCreatedAt"/>, not from when the copy landed), its state, and the three things that
/// protect it from deletion whatever the rules say (not <see cref="Owned"/>, <see cref="Pinned"/>, <see cref="Held"/>).
/// </summary>
public sealed record RetentionCandidate(
    string Id,
    DateTimeOffset SourceCreatedAt,
    ArtifactState State,
    bool Owned,
    bool Pinned,
    bool Held)
{
    /// <summary>Owned and usable: the only copies the rules rank, and the only ones retention may delete.</summary>
    internal bool IsRanked => Owned && State == ArtifactState.Available;

    /// <summary>
    /// The candidate for a DR copy; <paramref name="held"/> says that a running drill or failover uses it (the caller
    /// knows; the artifact does not).
    /// </summary>
    public static RetentionCandidate From(Artifact copy, bool held)
    {
        ArgumentNullException.ThrowIfNull(copy);
        return new RetentionCandidate(copy.Id, copy.SourceCreatedAt, copy.State, copy.IsOwned, copy.IsPinned, held);
    }
}
