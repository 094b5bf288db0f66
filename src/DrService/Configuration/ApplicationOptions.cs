using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>One entry of <c>DrService:Applications</c>: an application and what protects it.</summary>
public sealed class ApplicationOptions
{
    /// <summary>The account name used when an application names none.</summary>
    public const string DefaultAccount = "default";

    /// <summary>The name shown on the dashboard; the application's key when empty.</summary>
    [StringLength(100)]
    public string? DisplayName { get; set; }

    public ApplicationTier Tier { get; set; } = ApplicationTier.B;

    /// <summary>Recovery point objective: the most data (as time) the application may lose.</summary>
    public TimeSpan Rpo { get; set; }

    /// <summary>Recovery time objective: the longest the application may be down during a failover.</summary>
    public TimeSpan Rto { get; set; }

    /// <summary>A name in <c>DrService:Aws:Accounts</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Account { get; set; } = DefaultAccount;

    public ApplicationScheduleOptions Schedule { get; set; } = new();

    /// <summary>Overrides of single values of the global <c>DrService:Retention</c> policy.</summary>
    public RetentionOverrideOptions Retention { get; set; } = new();

    public ApplicationResourcesOptions Resources { get; set; } = new();

    /// <summary>DrService's own probes of the primary and secondary endpoints.</summary>
    public ProbesOptions Probes { get; set; } = new();

    /// <summary>When "primary down" should start the failover runbook (off by default).</summary>
    public AutoFailoverOptions AutoFailover { get; set; } = new();

    /// <summary>How the application's copies are made (mode, DR KMS key, source region).</summary>
    public ApplicationBackupOptions Backup { get; set; } = new();

    /// <summary>What the failover, failback and drill runbooks build in the DR region, and which runbooks they are.</summary>
    public RecoveryOptions Recovery { get; set; } = new();

    /// <summary>The region the application's resources live in.</summary>
    public string SourceRegionOr(RegionsOptions regions) =>
        string.IsNullOrWhiteSpace(Backup.SourceRegion) ? (regions ?? throw new ArgumentNullException(nameof(regions))).Primary : Backup.SourceRegion;

    /// <summary>The display name, or <paramref name="key"/> when none is set.</summary>
    public string DisplayNameOr(string key) => string.IsNullOrWhiteSpace(DisplayName) ? key : DisplayName;
}
