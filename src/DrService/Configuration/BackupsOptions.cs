using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary><c>DrService:Backups</c>: the copy engine's limits and pace, shared by every application.</summary>
public sealed class BackupsOptions
{
    /// <summary>Concurrent copies per destination region (AWS's defaults).</summary>
    public CopyLimitsOptions Limits { get; set; } = new();

    /// <summary>How often in-flight copies and pending source backups are polled (one batched Describe per kind).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "must be between 00:00:01 and 01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after its copy call a copy that the DR region's Describe does not know yet is still taken as pending.
    /// EC2 (and RDS) reads are eventually consistent: a fresh copy can be not-found for a while. After this it is
    /// <c>CopyMissing</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "must be between 00:00:00 and 01:00:00")]
    public TimeSpan NotFoundGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one cycle waits for its copies; copies still running then are picked up by the next cycle.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00", ErrorMessage = "must be between 00:01:00 and 2.00:00:00")]
    public TimeSpan MaxCycleDuration { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A resource is at risk once its newest copy is older than this fraction of the RPO.</summary>
    [Range(0.1, 1.0, ErrorMessage = "must be between 0.1 and 1.0")]
    public double AtRiskFraction { get; set; } = 0.8;

    /// <summary>Attempts of one copy within a cycle when AWS answers a limit or throttling error.</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int MaxCopyAttempts { get; set; } = 8;

    /// <summary>First wait after a limit or throttling answer; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "must be between 00:00:00.010 and 01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00", ErrorMessage = "must be between 00:00:00.010 and 06:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class CopyLimitsOptions
{
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int ImageCopies { get; set; } = 50;

    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int ImageCopiesPerSourceRegion { get; set; } = 25;

    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int EbsSnapshotCopies { get; set; } = 20;

    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int DbSnapshotCopies { get; set; } = 20;
}
