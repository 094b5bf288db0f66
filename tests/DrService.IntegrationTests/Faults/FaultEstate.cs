using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Filter = Amazon.EC2.Model.Filter;
using Tag = Amazon.EC2.Model.Tag;
using DrService.Aws.Rds;
using DrService.Backups.Model;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// The smallest estate that proves a fault's point, seeded in moto server through a client of its own (not the
/// service's), and the counts a fault test asserts on: owned copies in the DR region, by their ownership tags.
/// </summary>
internal sealed class FaultEstate(Uri moto) : IDisposable
{
    public const string Primary = "us-east-1";
    public const string Dr = "us-west-2";

    private readonly AwsTestHost _aws = new(moto);

    public IAmazonEC2 Ec2(string region) => _aws.Clients.Ec2(region);

    public IRdsClient Rds => _aws.Services.GetRequiredService<IRdsClient>();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Volumes in the primary region with one source snapshot each; returns the volume ids.</summary>
    public async Task<string[]> VolumesWithSnapshotsAsync(int count)
    {
        var volumes = new string[count];
        for (var i = 0; i < count; i++)
        {
            var volume = await Ec2(Primary).CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = Primary + "a", Size = 8 });
            volumes[i] = volume.Volume.VolumeId;
            await Ec2(Primary).CreateSnapshotAsync(new CreateSnapshotRequest { VolumeId = volumes[i], Description = "source" });
        }
        return volumes;
    }

    /// <summary>A DB instance in the primary region with one manual snapshot; returns the instance id.</summary>
    public async Task<string> DatabaseWithSnapshotAsync()
    {
        var id = Unique("db");
        await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate(id, "db.t3.micro", "postgres", "admin", "secret-password-1", AllocatedStorage: 20));
        await Rds.CreateDBSnapshotAsync(Primary, id, Unique("src"));
        return id;
    }

    /// <summary>
    /// An owned copy of <paramref name="volume"/> "made" <paramref name="daysAgo"/> days ago (a snapshot of a stand-in
    /// volume in the DR region carrying the ownership tags), for retention to consider.
    /// </summary>
    public async Task<string> OldCopyAsync(string application, string volume, int daysAgo)
    {
        var standIn = await Ec2(Dr).CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = Dr + "a", Size = 8 });
        var taken = DateTime.UtcNow.Date.AddDays(-daysAgo).AddHours(2);
        var created = await Ec2(Dr).CreateSnapshotAsync(new CreateSnapshotRequest
        {
            VolumeId = standIn.Volume.VolumeId,
            Description = "old copy",
            TagSpecifications =
            [
                new TagSpecification
                {
                    ResourceType = ResourceType.Snapshot,
                    Tags =
                    [
                        new Tag(OwnershipTags.ManagedBy, OwnershipTags.ManagedByValue),
                        new Tag(OwnershipTags.Application, application),
                        new Tag(OwnershipTags.ResourceId, volume),
                        new Tag(OwnershipTags.SourceId, $"old-{volume}-{daysAgo:000}"),
                        new Tag(OwnershipTags.SourceRegion, Primary),
                        new Tag(OwnershipTags.SourceCreated, taken.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
                    ],
                },
            ],
        });
        return created.Snapshot.SnapshotId;
    }

    /// <summary>A versioned source bucket in the primary region replicating to one in the DR region; returns both names.</summary>
    public async Task<(string Source, string Destination)> ReplicatedBucketsAsync()
    {
        var (source, destination) = (Unique("src-bucket"), Unique("dr-bucket"));
        await _aws.Clients.S3(Primary).PutBucketAsync(new PutBucketRequest { BucketName = source });
        await _aws.Clients.S3(Dr).PutBucketAsync(new PutBucketRequest { BucketName = destination, BucketRegion = S3Region.FindValue(Dr) });
        foreach (var (region, bucket) in new[] { (Primary, source), (Dr, destination) })
        {
            await _aws.Clients.S3(region).PutBucketVersioningAsync(new PutBucketVersioningRequest
            {
                BucketName = bucket,
                VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
            });
        }
        await _aws.Clients.S3(Primary).PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = source,
            Configuration = new ReplicationConfiguration
            {
                Role = "arn:aws:iam::123456789012:role/replication",
                Rules =
                [
                    new ReplicationRule
                    {
                        Id = "to-dr",
                        Status = ReplicationRuleStatus.Enabled,
                        Priority = 1,
                        Filter = new ReplicationRuleFilter { Prefix = string.Empty },
                        DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Enabled },
                        Destination = new ReplicationDestination { BucketArn = $"arn:aws:s3:::{destination}" },
                    },
                ],
            },
        });
        return (source, destination);
    }

    /// <summary>The EBS snapshots DrService owns in the DR region for <paramref name="application"/>: (snapshot id, dr:source-id).</summary>
    public async Task<IReadOnlyList<(string Id, string SourceId)>> OwnedSnapshotsAsync(string application)
    {
        var found = await Ec2(Dr).DescribeSnapshotsAsync(new DescribeSnapshotsRequest
        {
            OwnerIds = ["self"],
            Filters = [new Filter("tag:" + OwnershipTags.ManagedBy, [OwnershipTags.ManagedByValue]), new Filter("tag:" + OwnershipTags.Application, [application])],
        });
        return [.. (found.Snapshots ?? []).Select(s => (s.SnapshotId, s.Tags.Single(t => t.Key == OwnershipTags.SourceId).Value))];
    }

    /// <summary>The DB snapshots DrService owns in the DR region for <paramref name="application"/>: (identifier, dr:source-id).</summary>
    public async Task<IReadOnlyList<(string Id, string SourceId)>> OwnedDbSnapshotsAsync(string application)
    {
        var found = await Rds.DescribeDBSnapshotsAsync(Dr);
        return [.. found
            .Where(s => s.Tags.GetValueOrDefault(OwnershipTags.ManagedBy) == OwnershipTags.ManagedByValue && s.Tags.GetValueOrDefault(OwnershipTags.Application) == application)
            .Select(s => (s.Identifier, s.Tags.GetValueOrDefault(OwnershipTags.SourceId) ?? s.SourceDBSnapshotIdentifier ?? "?"))];
    }

    /// <summary>Every EBS snapshot id in the DR region (owned or not).</summary>
    public async Task<HashSet<string>> DrSnapshotIdsAsync()
    {
        var found = await Ec2(Dr).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] });
        return [.. (found.Snapshots ?? []).Select(s => s.SnapshotId)];
    }

    public void Dispose() => _aws.Dispose();
}
