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
}
