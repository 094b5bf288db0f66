using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>A cross-region RDS read replica: the source DB instance (primary region) and its replica (DR region).</summary>
public sealed class ReadReplicaOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Source { get; set; } = "";

    [Required(AllowEmptyStrings = false)]
    public string Replica { get; set; } = "";
}

/// <summary>An S3 replication pair: the source bucket (primary region) and its destination (DR region).</summary>
public sealed class BucketPairOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Source { get; set; } = "";

    [Required(AllowEmptyStrings = false)]
    public string Destination { get; set; } = "";

    /// <summary>Only keys under this prefix are watched; empty watches the whole bucket.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Require S3 Replication Time Control on the rule; null: required for tier A, not for other tiers.</summary>
    public bool? RequireReplicationTimeControl { get; set; }

    /// <summary>How many of the newest source objects the object-level check samples.</summary>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int SampleSize { get; set; } = 20;

    /// <summary>
    /// Listing pages (1,000 keys each) read to find the newest objects: S3 lists keys in alphabetical order, so the
    /// newest objects can be anywhere. Objects beyond these pages are not sampled (issue 14, item 16).
    /// </summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int SamplePages { get; set; } = 10;
}

/// <summary>An Aurora global database whose secondary cluster is in the DR region.</summary>
public sealed class GlobalClusterOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Identifier { get; set; } = "";
}

/// <summary>A Route 53 record that fails over from the primary to the DR region.</summary>
public sealed class DnsRecordOptions
{
    public static readonly IReadOnlyList<string> SupportedTypes = ["A", "AAAA", "CNAME"];

    /// <summary>The hosted zone name (<c>example.com.</c>) or id (<c>Z0123456789ABC</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string HostedZone { get; set; } = "";

    /// <summary>The fully qualified record name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Name { get; set; } = "";

    /// <summary>A, AAAA or CNAME.</summary>
    public string Type { get; set; } = "A";

    [Range(0, 172800, ErrorMessage = "must be between 0 and 172800 seconds")]
    public long Ttl { get; set; } = 60;

    /// <summary>The PRIMARY record's target (the primary region's endpoint).</summary>
    public DnsTargetOptions? Primary { get; set; }

    /// <summary>The SECONDARY record's target (the DR region's endpoint).</summary>
    public DnsTargetOptions? Secondary { get; set; }

    /// <summary>The Route 53 health check on the primary target; null: none (only valid with an alias that evaluates target health).</summary>
    public DnsHealthCheckOptions? HealthCheck { get; set; }

    /// <summary>Repair drift (records or health check changed outside DrService) instead of only reporting it.</summary>
    public bool RepairDrift { get; set; }
}

/// <summary>A failover record's target: literal values, or an alias (to a load balancer) that may evaluate target health.</summary>
public sealed class DnsTargetOptions
{
    public List<string> Values { get; set; } = [];

    public DnsAliasOptions? Alias { get; set; }
}

public sealed class DnsAliasOptions
{
    [Required(AllowEmptyStrings = false)]
    public string HostedZoneId { get; set; } = "";

    [Required(AllowEmptyStrings = false)]
    public string DnsName { get; set; } = "";

    public bool EvaluateTargetHealth { get; set; } = true;
}

/// <summary>A Route 53 health check on the primary target.</summary>
public sealed class DnsHealthCheckOptions
{
    public static readonly IReadOnlyList<string> SupportedTypes = ["HTTP", "HTTPS", "TCP"];

    /// <summary>
    /// Route 53's health checker regions: botocore route53 2013-04-01, shape HealthCheckRegion (enum), and
    /// HealthCheckRegionList (min 3): "A complex type that contains one Region element for each region from which you want
    /// Amazon Route 53 health checkers to check the specified endpoint." moto accepts any list (issue 14, item 4;
    /// docs/design/aws-facts.md).
    /// </summary>
    public static readonly IReadOnlyList<string> CheckerRegions =
        ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"];

    /// <summary>At least this many <see cref="Regions"/> when any is set (HealthCheckRegionList min 3).</summary>
    public const int MinimumCheckerRegions = 3;

    public string Type { get; set; } = "HTTPS";

    /// <summary>Default: 80 for HTTP, 443 for HTTPS; required for TCP.</summary>
    [Range(1, 65535, ErrorMessage = "must be a TCP port (1 to 65535)")]
    public int? Port { get; set; }

    public string Path { get; set; } = "/health";

    /// <summary>The checked host name; null: the primary target's first value, as an IP address or a name.</summary>
    public string? FullyQualifiedDomainName { get; set; }

    public string? IPAddress { get; set; }

    /// <summary>Seconds between checks: 30 (standard) or 10 (fast).</summary>
    public int Interval { get; set; } = 30;

    [Range(1, 10, ErrorMessage = "must be between 1 and 10")]
    public int FailureThreshold { get; set; } = 3;

    /// <summary>Checker regions (Route 53's names, such as us-east-1); empty: Route 53's default set.</summary>
    public List<string> Regions { get; set; } = [];
}
