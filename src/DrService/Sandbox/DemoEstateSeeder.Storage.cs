using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;

namespace DrService.Sandbox;

internal sealed partial class DemoEstateSeeder
{
    /// <summary>A versioned source bucket in the primary region replicating to a versioned bucket in the DR region.</summary>
    private async Task SeedBucketsAsync(DemoApplication app, CancellationToken cancellationToken)
    {
        var source = aws.S3(Primary);
        var destination = aws.S3(Dr);
        await source.PutBucketAsync(new PutBucketRequest { BucketName = app.Bucket }, cancellationToken);
        await destination.PutBucketAsync(new PutBucketRequest { BucketName = app.ReplicaBucket, BucketRegion = S3Region.FindValue(Dr) }, cancellationToken);
        foreach (var (client, bucket) in new[] { (source, app.Bucket), (destination, app.ReplicaBucket) })
        {
            await client.PutBucketVersioningAsync(new PutBucketVersioningRequest
            {
                BucketName = bucket,
                VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
            }, cancellationToken);
        }
        await source.PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = app.Bucket,
            Configuration = new ReplicationConfiguration
            {
                Role = "arn:aws:iam::123456789012:role/drservice-demo-replication",
                Rules =
                [
                    new ReplicationRule
                    {
                        Id = $"{app.Name}-to-dr",
                        Status = ReplicationRuleStatus.Enabled,
                        Priority = 1,
                        Filter = new ReplicationRuleFilter { Prefix = string.Empty },
                        DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Enabled },
                        Destination = new ReplicationDestination { BucketArn = $"arn:aws:s3:::{app.ReplicaBucket}" },
                    },
                ],
            },
        }, cancellationToken);

        // moto stores replication rules but replicates nothing: the seeder plays the replicator for the demo objects.
        for (var i = 1; i <= 3; i++)
        {
            var key = $"{(app.Name == "catalog" ? "images/" : string.Empty)}object-{i.ToString(CultureInfo.InvariantCulture)}.json";
            var body = $"{{\"app\":\"{app.Name}\",\"n\":{i}}}";
            await source.PutObjectAsync(new PutObjectRequest { BucketName = app.Bucket, Key = key, ContentBody = body }, cancellationToken);
            await destination.PutObjectAsync(new PutObjectRequest { BucketName = app.ReplicaBucket, Key = key, ContentBody = body }, cancellationToken);
        }
    }
}
