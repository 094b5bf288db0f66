using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws.Rds;
using DrService.Backups.Model;
using DrService.Configuration;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// Seeds moto server as a user's estate looks: resources in us-east-1 with a source backup each (tag team=blue on the
/// backup), and, for retention, copies "made" on earlier days in us-west-2. Names are unique per call.
/// </summary>
internal sealed class EngineEstate(EngineTestHost host)
{
    public static readonly KeyValuePair<string, string> SourceTag = new("team", "blue");

    public IAmazonEC2 Ec2(string region = Primary) => host.Clients.Ec2(region);

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A resource of <paramref name="kind"/> with one available source backup; returns (resource id, backup id).</summary>
    public async Task<(string ResourceId, string SourceId)> ResourceWithBackupAsync(ArtifactKind kind)
    {
        switch (kind)
        {
            case ArtifactKind.EbsSnapshot:
                {
                    var volume = await VolumeAsync();
                    return (volume, await SnapshotAsync(volume));
                }
            case ArtifactKind.Image:
                {
                    var instance = await InstanceAsync();
                    return (instance, await ImageAsync(instance));
                }
            case ArtifactKind.DbSnapshot:
                {
                    var db = await DbInstanceAsync();
                    return (db, await DbSnapshotAsync(db));
                }
            case ArtifactKind.DbClusterSnapshot:
                {
                    var cluster = await DbClusterAsync();
                    var snapshot = await host.Rds.CreateDBClusterSnapshotAsync(Primary, cluster, Unique("src"), Tags(SourceTag));
                    return (cluster, snapshot.Identifier);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>The resource only (for CreateSource mode).</summary>
    public async Task<string> ResourceAsync(ArtifactKind kind) => kind switch
    {
        ArtifactKind.EbsSnapshot => await VolumeAsync(),
        ArtifactKind.Image => await InstanceAsync(),
        ArtifactKind.DbSnapshot => await DbInstanceAsync(),
        ArtifactKind.DbClusterSnapshot => await DbClusterAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static void Select(ApplicationResourcesOptions resources, ArtifactKind kind, params string[] ids)
    {
        var selector = new ResourceSelector { Ids = [.. ids] };
        switch (kind)
        {
            case ArtifactKind.EbsSnapshot: resources.Volumes = selector; break;
            case ArtifactKind.Image: resources.Instances = selector; break;
            case ArtifactKind.DbSnapshot: resources.DbInstances = selector; break;
            case ArtifactKind.DbClusterSnapshot: resources.DbClusters = selector; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public async Task<string> VolumeAsync(string region = Primary)
    {
        var created = await Ec2(region).CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = region + "a", Size = 8 });
        return created.Volume.VolumeId;
    }

    public async Task<string> SnapshotAsync(string volumeId, string region = Primary, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        var created = await Ec2(region).CreateSnapshotAsync(new CreateSnapshotRequest
        {
            VolumeId = volumeId,
            Description = "seeded",
            TagSpecifications = [Spec(ResourceType.Snapshot, tags ?? [SourceTag])],
        });
        return created.Snapshot.SnapshotId;
    }

    public async Task<string> InstanceAsync(string region = Primary)
    {
        var run = await Ec2(region).RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-12345678",
            InstanceType = InstanceType.T3Micro,
            MinCount = 1,
            MaxCount = 1,
        });
        return run.Reservation.Instances[0].InstanceId;
    }

    public async Task<string> ImageAsync(string instanceId, string region = Primary, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        var created = await Ec2(region).CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instanceId,
            Name = Unique("seed"),
            NoReboot = true,
            TagSpecifications = [Spec(ResourceType.Image, tags ?? [SourceTag])],
        });
        return created.ImageId;
    }

    public async Task<string> DbInstanceAsync(bool encrypted = false)
    {
        var id = Unique("db");
        await host.Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate(id, "db.t3.micro", "postgres", "admin", "secret-password-1",
            AllocatedStorage: 20, StorageEncrypted: encrypted ? true : null));
        return id;
    }

    public async Task<string> DbSnapshotAsync(string instanceId) =>
        (await host.Rds.CreateDBSnapshotAsync(Primary, instanceId, Unique("src"), Tags(SourceTag))).Identifier;

    public async Task<string> DbClusterAsync()
    {
        var id = Unique("aurora");
        await host.Rds.CreateDBClusterAsync(Primary, new DbClusterCreate(id, "aurora-postgresql", "admin", "secret-password-1"));
        return id;
    }

    /// <summary>
    /// An owned copy "made" <paramref name="daysAgo"/> days ago for <paramref name="resourceId"/> (as the sandbox seeds
    /// history): a snapshot of a stand-in volume in us-west-2, or an AMI of a stand-in instance there.
    /// </summary>
    public async Task<string> OldCopyAsync(ArtifactKind kind, string application, string resourceId, string standIn, int daysAgo, bool pinned = false)
    {
        var taken = DateTime.UtcNow.Date.AddDays(-daysAgo).AddHours(2);
        var tags = new Dictionary<string, string>
        {
            [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue,
            [OwnershipTags.Application] = application,
            [OwnershipTags.ResourceId] = resourceId,
            [OwnershipTags.SourceId] = $"old-{resourceId}-{daysAgo:000}",
            [OwnershipTags.SourceRegion] = Primary,
            [OwnershipTags.SourceCreated] = taken.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (pinned)
        {
            tags[OwnershipTags.Pinned] = "true";
        }
        return kind == ArtifactKind.Image ? await ImageAsync(standIn, Dr, tags) : await SnapshotAsync(standIn, Dr, tags);
    }

    /// <summary>An old-looking snapshot or AMI in us-west-2 that DrService does not own (no dr:managed-by), naming the resource anyway.</summary>
    public Task<string> UnownedLookalikeAsync(ArtifactKind kind, string application, string resourceId, string standIn)
    {
        var tags = new Dictionary<string, string>
        {
            [OwnershipTags.Application] = application,
            [OwnershipTags.ResourceId] = resourceId,
            [OwnershipTags.SourceCreated] = DateTime.UtcNow.Date.AddDays(-300).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        return kind == ArtifactKind.Image ? ImageAsync(standIn, Dr, tags) : SnapshotAsync(standIn, Dr, tags);
    }

    public async Task<bool> SnapshotExistsAsync(string snapshotId, string region = Dr)
    {
        var found = await Ec2(region).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = [new Filter("snapshot-id", [snapshotId])] });
        return found.Snapshots?.Count > 0;
    }

    public async Task<Image?> FindImageAsync(string imageId, string region = Dr)
    {
        var found = await Ec2(region).DescribeImagesAsync(new DescribeImagesRequest { Filters = [new Filter("image-id", [imageId])] });
        return found.Images?.FirstOrDefault();
    }

    /// <summary>Every snapshot and AMI id in the DR region (owned or not).</summary>
    public async Task<HashSet<string>> DrEc2IdsAsync()
    {
        var snapshots = await Ec2(Dr).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] });
        var images = await Ec2(Dr).DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
        return [.. (snapshots.Snapshots ?? []).Select(s => s.SnapshotId).Concat((images.Images ?? []).Select(i => i.ImageId))];
    }

    private static Dictionary<string, string> Tags(params KeyValuePair<string, string>[] tags) => new(tags);

    private static TagSpecification Spec(ResourceType type, IEnumerable<KeyValuePair<string, string>> tags) => new()
    {
        ResourceType = type,
        Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))],
    };
}
