using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>The <c>Resources</c> of one application: what DrService copies, watches and fails over.</summary>
public sealed class ApplicationResourcesOptions
{
    /// <summary>EC2 instances whose AMIs are copied.</summary>
    public ResourceSelector? Instances { get; set; }

    /// <summary>EBS volumes whose snapshots are copied.</summary>
    public ResourceSelector? Volumes { get; set; }

    /// <summary>RDS DB instances whose snapshots are copied.</summary>
    public ResourceSelector? DbInstances { get; set; }

    /// <summary>Aurora DB clusters whose cluster snapshots are copied.</summary>
    public ResourceSelector? DbClusters { get; set; }

    /// <summary>Cross-region RDS read replicas to watch (and promote on failover).</summary>
    public List<ReadReplicaOptions> ReadReplicas { get; set; } = [];

    /// <summary>S3 cross-region replication pairs to watch.</summary>
    public List<BucketPairOptions> BucketPairs { get; set; } = [];

    /// <summary>Route 53 failover records to provision, watch and verify.</summary>
    public List<DnsRecordOptions> DnsRecords { get; set; } = [];

    /// <summary>True when at least one resource is selected.</summary>
    public bool SelectsAnything =>
        Instances is not null || Volumes is not null || DbInstances is not null || DbClusters is not null
        || ReadReplicas.Count > 0 || BucketPairs.Count > 0 || DnsRecords.Count > 0;
}

/// <summary>Selects resources by id, by tags (all must match), or both (either matches).</summary>
public sealed class ResourceSelector
{
    public List<string> Ids { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
}

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
