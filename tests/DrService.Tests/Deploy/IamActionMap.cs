namespace DrService.Tests.Deploy;

/// <summary>
/// From AWS API operations (as <see cref="AwsOperationScanner"/> derives them) to the IAM actions that authorize them.
/// EC2, RDS, CloudWatch and Route 53 name their IAM actions after their API operations; S3 and STS do not, so they
/// have explicit maps. Some operations need more than their own action (tag on create, KMS for encrypted copies):
/// <see cref="Implied"/> lists them with the reason.
/// </summary>
public static class IamActionMap
{
    /// <summary>
    /// S3 API operation (the SDK method name less Async) -> IAM actions. S3's IAM actions are named after the resource
    /// and permission, not the API: HEAD object is s3:GetObject (s3:GetObjectVersion when a VersionId is sent, which
    /// the replication monitor does), ListObjectsV2 is s3:ListBucket, ListObjectVersions is s3:ListBucketVersions,
    /// GetBucketReplication is s3:GetReplicationConfiguration.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> S3 = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["GetObjectMetadata"] = ["s3:GetObject", "s3:GetObjectVersion"],
        ["GetObject"] = ["s3:GetObject", "s3:GetObjectVersion"],
        ["ListObjectsV2"] = ["s3:ListBucket"],
        ["ListObjects"] = ["s3:ListBucket"],
        ["ListVersions"] = ["s3:ListBucketVersions"],
        ["GetBucketVersioning"] = ["s3:GetBucketVersioning"],
        ["GetBucketLocation"] = ["s3:GetBucketLocation"],
        ["GetBucketReplication"] = ["s3:GetReplicationConfiguration"],
        ["GetBucketTagging"] = ["s3:GetBucketTagging"],
        ["GetObjectTagging"] = ["s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
    };

    /// <summary>STS: GetCallerIdentity needs no permission (AWS allows it to every principal and no policy can deny it).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Sts = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["AssumeRole"] = ["sts:AssumeRole"],
        ["GetCallerIdentity"] = [],
    };

    private static readonly string[] KmsForEncryptedCopy =
        ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:ReEncrypt*"];

    /// <summary>
    /// Extra actions an operation needs beyond its own:
    /// <list type="bullet">
    /// <item>EC2 creates pass TagSpecifications (every created thing carries dr:managed-by): tag-on-create is
    /// authorized as ec2:CreateTags with ec2:CreateAction = the create operation.</item>
    /// <item>RDS creates pass Tags: RDS authorizes tags on create as rds:AddTagsToResource.</item>
    /// <item>Copies, restores and launches from encrypted snapshots: the service (EC2, RDS) uses the caller's KMS
    /// permissions to decrypt the source and re-encrypt under the destination key, and creates a grant for itself.</item>
    /// </list>
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Implied = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ec2:CreateSnapshot"] = ["ec2:CreateTags"],
        ["ec2:CreateImage"] = ["ec2:CreateTags"],
        ["ec2:CopySnapshot"] = ["ec2:CreateTags", .. KmsForEncryptedCopy],
        ["ec2:CopyImage"] = ["ec2:CreateTags", .. KmsForEncryptedCopy],
        ["ec2:CreateVolume"] = ["ec2:CreateTags", .. KmsForEncryptedCopy],
        ["ec2:RunInstances"] = ["ec2:CreateTags", .. KmsForEncryptedCopy],
        ["rds:CreateDBSnapshot"] = ["rds:AddTagsToResource"],
        ["rds:CreateDBClusterSnapshot"] = ["rds:AddTagsToResource"],
        ["rds:CopyDBSnapshot"] = ["rds:AddTagsToResource", .. KmsForEncryptedCopy],
        ["rds:CopyDBClusterSnapshot"] = ["rds:AddTagsToResource", .. KmsForEncryptedCopy],
        ["rds:RestoreDBInstanceFromDBSnapshot"] = ["rds:AddTagsToResource", .. KmsForEncryptedCopy],
        ["rds:RestoreDBClusterFromSnapshot"] = ["rds:AddTagsToResource", .. KmsForEncryptedCopy],
        ["rds:CreateDBInstanceReadReplica"] = ["rds:AddTagsToResource", .. KmsForEncryptedCopy],
        ["rds:CreateDBInstance"] = ["rds:AddTagsToResource"],
        ["rds:CreateDBCluster"] = ["rds:AddTagsToResource"],
    };

    /// <summary>The IAM actions for one derived operation (<c>service:Operation</c>), its implied ones included.</summary>
    /// <exception cref="KeyNotFoundException">An S3 or STS operation with no entry in the explicit maps.</exception>
    public static IEnumerable<string> ActionsFor(string service, string operation)
    {
        var own = service switch
        {
            "s3" => S3.TryGetValue(operation, out var s3) ? s3
                : throw new KeyNotFoundException($"s3:{operation} has no IAM action in IamActionMap.S3: add it (S3 IAM actions differ from API names)"),
            "sts" => Sts.TryGetValue(operation, out var sts) ? sts
                : throw new KeyNotFoundException($"sts:{operation} has no IAM action in IamActionMap.Sts: add it"),
            _ => [$"{service}:{operation}"],
        };
        var key = $"{service}:{operation}";
        return Implied.TryGetValue(key, out var extra) ? own.Concat(extra) : own;
    }
}
