namespace DrService.Advisor;

/// <summary>An EBS volume the application protects, sized from its newest DR copy (or, without one, the source volume).</summary>
public sealed record VolumeSize(string VolumeId, long SizeGiB, string Source);

/// <summary>An EC2 instance of the fleet: its type and its image size (the newest AMI copy's snapshots, or its attached volumes).</summary>
public sealed record InstanceSize(string InstanceId, string? InstanceType, long? ImageGiB, string Source);

/// <summary>An RDS DB instance: its class and allocated storage (source region), and its newest DR snapshot copy's size.</summary>
public sealed record DatabaseSize(string Identifier, string? InstanceClass, long? AllocatedGiB, long? SnapshotGiB);

/// <summary>A configured cross-region read replica as found in the DR region (null fields: not found).</summary>
public sealed record ReplicaSize(string Identifier, string Source, string? InstanceClass, long? AllocatedGiB);

/// <summary>An S3 replication pair's source bucket: CloudWatch's daily BucketSizeBytes and NumberOfObjects (null: no data point).</summary>
public sealed record BucketSize(string Bucket, double? Bytes, double? Objects);

/// <summary>What the advisor read from AWS for one application, and what it could not read.</summary>
public sealed record ApplicationSizes(
    string Application,
    IReadOnlyList<VolumeSize> Volumes,
    IReadOnlyList<InstanceSize> Instances,
    IReadOnlyList<DatabaseSize> Databases,
    IReadOnlyList<ReplicaSize> Replicas,
    IReadOnlyList<BucketSize> Buckets,
    int AuroraClusters,
    IReadOnlyList<string> Warnings,
    DateTimeOffset ReadAt)
{
    public static ApplicationSizes Empty(string application, DateTimeOffset at) => new(application, [], [], [], [], [], 0, [], at);
}
