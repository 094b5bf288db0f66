using DrService.Backups.Model;
using DrService.Runbooks.Lifecycle;

namespace DrService.Backups.State;

/// <summary>
/// One copy order, recorded before the AWS call (the intent) and updated after it: the crash-recovery checkpoint.
/// Phases: Pending (intent recorded, not issued), Running (issue under way: the copy may exist in AWS without its
/// id here), WaitingForAws (issued, id known, AWS copying), Succeeded, Failed (with the AWS error code).
/// </summary>
public sealed class CopyRecord
{
    public long Id { get; set; }

    /// <summary><see cref="CopyOrder.Key"/>: unique.</summary>
    public required string Key { get; set; }

    public required string Application { get; set; }

    public ArtifactKind Kind { get; set; }

    public required string ResourceId { get; set; }

    public required string SourceRegion { get; set; }

    public required string SourceId { get; set; }

    public DateTimeOffset SourceCreatedAt { get; set; }

    public required string DestinationRegion { get; set; }

    public required string TargetName { get; set; }

    public string? CopyId { get; set; }

    public Phase Phase { get; set; }

    public int Attempts { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The backup run that recorded or last touched it.</summary>
    public string? RunKey { get; set; }
}
