using Amazon.S3;
using Amazon.S3.Model;
using DrService.Testing;

namespace DrService.Tests.Replication;

/// <summary>
/// Seeds S3 replication pairs in moto with the official S3 client: a source bucket in us-east-1, a destination in
/// us-west-2, versioning and a replication rule. moto stores the rule but replicates nothing: <see cref="ReplicateAsync"/>
/// plays the replicator by copying the object (same key and content, hence the same ETag; moto gives it a new version id).
/// </summary>
internal sealed class S3Seed(AwsTestHost host)
{
    public const string Primary = "us-east-1";
    public const string Dr = "us-west-2";

    public IAmazonS3 Source => host.Clients.S3(Primary);

    public IAmazonS3 Destination => host.Clients.S3(Dr);

    /// <summary>
    /// Buckets <paramref name="name"/> and <paramref name="name"/>-dr, versioned, with one rule for <paramref name="rulePrefix"/>
    /// (null: no replication configuration) to <paramref name="ruleDestination"/> (null: the -dr bucket).
    /// </summary>
    public async Task PairAsync(string name, string? rulePrefix = "", bool sourceVersioning = true, bool createDestination = true, bool rtc = false, string? ruleDestination = null)
    {
        await Source.PutBucketAsync(new PutBucketRequest { BucketName = name });
        if (sourceVersioning)
        {
            await VersionAsync(Source, name);
        }
        if (createDestination)
        {
            await Destination.PutBucketAsync(new PutBucketRequest { BucketName = $"{name}-dr", BucketRegion = S3Region.FindValue(Dr) });
            await VersionAsync(Destination, $"{name}-dr");
        }
        if (rulePrefix is null)
        {
            return;
        }
        await Source.PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = name,
            Configuration = new ReplicationConfiguration
            {
                Role = "arn:aws:iam::123456789012:role/replication",
                Rules =
                [
                    new ReplicationRule
                    {
                        Id = $"{name}-rule",
                        Status = ReplicationRuleStatus.Enabled,
                        Priority = 1,
                        Filter = new ReplicationRuleFilter { Prefix = rulePrefix },
                        DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Disabled },
                        Destination = new ReplicationDestination
                        {
                            BucketArn = $"arn:aws:s3:::{ruleDestination ?? name + "-dr"}",
                            ReplicationTime = rtc ? new ReplicationTime { Status = ReplicationTimeStatus.Enabled, Time = new ReplicationTimeValue { Minutes = 15 } } : null,
                            Metrics = rtc ? new Metrics { Status = MetricsStatus.Enabled, EventThreshold = new ReplicationTimeValue { Minutes = 15 } } : null,
                        },
                    },
                ],
            },
        });
    }

    public Task PutAsync(string bucket, string key, string body = "payload") =>
        Source.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body });

    /// <summary>Copies <paramref name="key"/> as the replicator would (the same body, so the same ETag).</summary>
    public async Task ReplicateAsync(string bucket, string key)
    {
        using var read = await Source.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key });
        using var reader = new StreamReader(read.ResponseStream);
        var body = await reader.ReadToEndAsync();
        await Destination.PutObjectAsync(new PutObjectRequest { BucketName = $"{bucket}-dr", Key = key, ContentBody = body });
    }

    private static Task VersionAsync(IAmazonS3 client, string bucket) =>
        client.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
}
