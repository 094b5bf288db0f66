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

    /// <summary>Aurora global databases whose secondary cluster is in the DR region.</summary>
    public List<GlobalClusterOptions> GlobalClusters { get; set; } = [];

    /// <summary>True when at least one resource is selected.</summary>
    public bool SelectsAnything =>
        Instances is not null || Volumes is not null || DbInstances is not null || DbClusters is not null
        || ReadReplicas.Count > 0 || BucketPairs.Count > 0 || DnsRecords.Count > 0 || GlobalClusters.Count > 0;
}
