using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>
/// <c>DrService:Pricing</c>: the price table the advisor multiplies the estate's sizes by. The defaults are AWS's public
/// on-demand prices for us-east-1 as read in November 2026 (see docs/configuration.md); prices change and differ per
/// region: check them against the AWS price pages of your DR region before trusting a total.
/// </summary>
public sealed class PricingOptions
{
    /// <summary>The currency of every price (informational: shown beside totals).</summary>
    [Required(AllowEmptyStrings = false)]
    [StringLength(8)]
    public string Currency { get; set; } = "USD";

    /// <summary>EBS snapshot storage (standard tier), per GB-month; AMI copies are EBS snapshots too.</summary>
    public decimal EbsSnapshotGbMonth { get; set; } = 0.05m;

    /// <summary>RDS snapshot (backup) storage, per GB-month.</summary>
    public decimal RdsSnapshotGbMonth { get; set; } = 0.095m;

    /// <summary>EBS gp3 volume storage, per GB-month (the DR fleet's volumes, running or stopped).</summary>
    public decimal EbsVolumeGbMonth { get; set; } = 0.08m;

    /// <summary>RDS gp3/gp2 instance storage, per GB-month (the read replica's storage).</summary>
    public decimal RdsStorageGbMonth { get; set; } = 0.115m;

    /// <summary>S3 Standard storage, per GB-month (the replicated bucket in the DR region).</summary>
    public decimal S3StorageGbMonth { get; set; } = 0.023m;

    /// <summary>Inter-region data transfer out, per GB (snapshot copies, replica traffic, S3 replication).</summary>
    public decimal CrossRegionTransferGb { get; set; } = 0.02m;

    /// <summary>EC2 Linux on-demand, per instance-hour, by instance type (t3.micro...). A type not listed is reported "unpriced".</summary>
    public Dictionary<string, decimal> InstanceHour { get; set; } = new(StringComparer.Ordinal)
    {
        ["t3.micro"] = 0.0104m,
        ["t3.small"] = 0.0208m,
        ["t3.medium"] = 0.0416m,
        ["t3.large"] = 0.0832m,
        ["m5.large"] = 0.096m,
        ["m5.xlarge"] = 0.192m,
        ["c5.large"] = 0.085m,
        ["r5.large"] = 0.126m,
    };

    /// <summary>RDS for PostgreSQL single-AZ on-demand, per instance-hour, by DB instance class. A class not listed is reported "unpriced".</summary>
    public Dictionary<string, decimal> DbInstanceHour { get; set; } = new(StringComparer.Ordinal)
    {
        ["db.t3.micro"] = 0.018m,
        ["db.t3.small"] = 0.036m,
        ["db.t3.medium"] = 0.072m,
        ["db.m5.large"] = 0.178m,
        ["db.r5.large"] = 0.25m,
    };

    /// <summary>Hours in a month (AWS's own figure: 730).</summary>
    [Range(1, 744, ErrorMessage = "must be between 1 and 744")]
    public int HoursPerMonth { get; set; } = 730;

    /// <summary>
    /// Incremental snapshots: the fraction of a resource's data that changes per day. A copy after the first holds (and
    /// transfers) the data changed since the previous one: this rate times the copy period in days, at most the full
    /// size. The first retained copy is priced at full size.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "must be between 0 and 1")]
    public double SnapshotDailyChangeRate { get; set; } = 0.02;

    /// <summary>Fraction of a database's allocated storage written per month: the read replica's cross-region traffic.</summary>
    [Range(0.0, 100.0, ErrorMessage = "must be between 0 and 100")]
    public double DatabaseMonthlyChangeRate { get; set; } = 0.3;

    /// <summary>Fraction of a bucket's size written per month: the S3 replication's cross-region traffic.</summary>
    [Range(0.0, 100.0, ErrorMessage = "must be between 0 and 100")]
    public double BucketMonthlyChangeRate { get; set; } = 0.1;

    /// <summary>Copies retention keeps per resource; null: derived from the application's retention policy and schedule.</summary>
    [Range(1, 10000, ErrorMessage = "must be between 1 and 10000")]
    public int? RetainedCopies { get; set; }

    /// <summary>Tier A's warm standby runs this fraction of the primary fleet (at least one instance).</summary>
    [Range(0.0, 1.0, ErrorMessage = "must be between 0 and 1")]
    public double WarmStandbyFleetFraction { get; set; } = 0.5;

    /// <summary>Pilot light keeps this many instances of the fleet stopped in the DR region (their volumes are paid).</summary>
    [Range(0, 1000, ErrorMessage = "must be between 0 and 1000")]
    public int PilotLightInstances { get; set; } = 1;
}

/// <summary>
/// <c>DrService:Advisor</c>: how the advisor estimates recovery times and points, and how long it keeps the sizes it
/// read from AWS.
/// </summary>
public sealed class AdvisorOptions
{
    /// <summary>The sizes are listed from AWS at most once per this interval; requests in between reuse them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "must be between 00:00:00 and 1.00:00:00")]
    public TimeSpan SizeCacheFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Expected duration of one runbook step, by action name; the critical path of a tier's failover runbook sums them.</summary>
    public Dictionary<string, TimeSpan> StepEstimates { get; set; } = new(StringComparer.Ordinal)
    {
        ["rds.promote-replica"] = TimeSpan.FromMinutes(10),
        ["rds.restore-snapshot"] = TimeSpan.FromMinutes(40),
        ["ec2.scale-fleet"] = TimeSpan.FromMinutes(5),
        ["ec2.start-fleet"] = TimeSpan.FromMinutes(12),
        ["ec2.launch-fleet"] = TimeSpan.FromMinutes(10),
        ["ec2.restore-volumes"] = TimeSpan.FromMinutes(15),
        ["wait.healthy"] = TimeSpan.FromMinutes(5),
        ["smoke.http"] = TimeSpan.FromMinutes(2),
        ["dns.switch"] = TimeSpan.FromMinutes(3),
    };

    /// <summary>The estimate of a step whose action has no entry in <see cref="StepEstimates"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "must be between 00:00:00 and 7.00:00:00")]
    public TimeSpan DefaultStepEstimate { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A cross-region copy's duration when the copy history holds none of the application's copies.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "must be between 00:00:00 and 7.00:00:00")]
    public TimeSpan CopyTimeEstimate { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A read replica's lag when the replication watch has measured none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "must be between 00:00:00 and 1.00:00:00")]
    public TimeSpan ReplicaLagEstimate { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>S3 replication lag when none is measured (S3 Replication Time Control's promise: 15 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "must be between 00:00:00 and 1.00:00:00")]
    public TimeSpan BucketLagEstimate { get; set; } = TimeSpan.FromMinutes(15);
}
