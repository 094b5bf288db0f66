using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary><c>DrService:Applications:{name}:Backup</c>: how the application's copies are made.</summary>
public sealed class ApplicationBackupOptions
{
    /// <summary>Copy the newest existing source backup (DLM, AWS Backup, RDS automated), or take one first.</summary>
    public BackupMode Mode { get; set; } = BackupMode.CopyExisting;

    /// <summary>A KMS key (id, alias or ARN) in the DR region to encrypt the copies with. Required for encrypted RDS sources.</summary>
    [StringLength(2048)]
    public string? KmsKeyId { get; set; }

    /// <summary>Copy the source's tags onto the copy (the ownership tags always win).</summary>
    public bool CopySourceTags { get; set; } = true;

    /// <summary>
    /// Option groups for cross-region DB snapshot copies: the source instance's option group name -> an option group of
    /// the same engine in the DR region. RDS option groups are regional: a snapshot taken with a non-default option group
    /// (TDE for Oracle or SQL Server needs one) is copied with the mapped group, and one without a mapping is refused
    /// per resource. Default groups (<c>default:*</c>) need no entry.
    /// </summary>
    public Dictionary<string, string> OptionGroups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Source backups DrService took itself (CreateSource mode) kept per resource however old: the newest this many.
    /// Older ones are deleted once no DR copy points to them (their copy was pruned) and none is being copied; one a
    /// DR copy's tags point to is never deleted (issue 14, item 18).
    /// </summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int KeepSources { get; set; } = 2;

    /// <summary>Where the application's resources live when not in <c>DrService:Regions:Primary</c>.</summary>
    public string? SourceRegion { get; set; }
}

public enum BackupMode
{
    /// <summary>Copy the newest available source backup made by something else.</summary>
    CopyExisting,

    /// <summary>Take a source backup each cycle (CreateImage without reboot, CreateSnapshot, CreateDBSnapshot), then copy it.</summary>
    CreateSource,
}
