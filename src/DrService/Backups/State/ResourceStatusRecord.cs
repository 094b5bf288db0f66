using DrService.Backups.Model;
using DrService.Backups.Rpo;

namespace DrService.Backups.State;

/// <summary>The latest known state of one protected resource: its newest copy, its RPO, its last error.</summary>
public sealed class ResourceStatusRecord
{
    public required string Application { get; set; }

    public ArtifactKind Kind { get; set; }

    /// <summary>The resource id, or <c>*</c> for an error that concerns the whole kind (discovery failed).</summary>
    public required string ResourceId { get; set; }

    public required string Region { get; set; }

    public string? NewestCopyId { get; set; }

    /// <summary>The newest available copy's source time: the data's age is measured from it.</summary>
    public DateTimeOffset? NewestCopySourceTime { get; set; }

    public int CopyCount { get; set; }

    public RpoState RpoState { get; set; }

    public double? RpoAgeSeconds { get; set; }

    public double RpoTargetSeconds { get; set; }

    public DateTimeOffset CheckedAt { get; set; }

    public string? LastErrorCode { get; set; }

    public string? LastErrorMessage { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }
}
