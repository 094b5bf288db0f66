using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Model;
using DrService.Testing;

namespace DrService.Tests.Backups.Drivers;

/// <summary>Seeds the primary region (and the DR region) of moto server with the official EC2 client, as a user would.</summary>
internal sealed class Ec2Seed(AwsTestHost host)
{
    public const string Primary = "us-east-1";
    public const string Dr = "us-west-2";
    public const string Account = "default";

    public IAmazonEC2 Ec2(string region = Primary) => host.Clients.Ec2(region);

    /// <summary>A tag unique to one test, so tests sharing a moto server never see each other's resources.</summary>
    public static KeyValuePair<string, string> RunTag() => new("test-run", Guid.NewGuid().ToString("N"));

    public async Task<string> VolumeAsync(params KeyValuePair<string, string>[] tags)
    {
        var created = await Ec2().CreateVolumeAsync(new CreateVolumeRequest
        {
            AvailabilityZone = "us-east-1a",
            Size = 8,
            TagSpecifications = tags.Length == 0 ? null : [Spec(ResourceType.Volume, tags)],
        });
        return created.Volume.VolumeId;
    }

    public async Task<Snapshot> SnapshotAsync(string volumeId, string region = Primary, params KeyValuePair<string, string>[] tags)
    {
        var created = await Ec2(region).CreateSnapshotAsync(new CreateSnapshotRequest
        {
            VolumeId = volumeId,
            Description = "seeded",
            TagSpecifications = tags.Length == 0 ? null : [Spec(ResourceType.Snapshot, tags)],
        });
        return created.Snapshot;
    }

    /// <summary>One RunInstances call (one reservation) of <paramref name="count"/> instances.</summary>
    public async Task<List<string>> InstancesAsync(int count, params KeyValuePair<string, string>[] tags)
    {
        var run = await Ec2().RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-12345678",
            InstanceType = InstanceType.T3Micro,
            MinCount = count,
            MaxCount = count,
            TagSpecifications = tags.Length == 0 ? null : [Spec(ResourceType.Instance, tags)],
        });
        return [.. run.Reservation.Instances.Select(i => i.InstanceId)];
    }

    public async Task<string> ImageAsync(string instanceId, params KeyValuePair<string, string>[] tags)
    {
        var created = await Ec2().CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instanceId,
            Name = $"seed-{Guid.NewGuid():N}",
            NoReboot = true,
            TagSpecifications = tags.Length == 0 ? null : [Spec(ResourceType.Image, tags)],
        });
        return created.ImageId;
    }

    public async Task<Dictionary<string, string>> SnapshotTagsAsync(string region, string snapshotId)
    {
        var found = await Ec2(region).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [snapshotId] });
        return (found.Snapshots![0].Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    public async Task<Image?> FindImageAsync(string region, string imageId)
    {
        var found = await Ec2(region).DescribeImagesAsync(new DescribeImagesRequest { Filters = [new Filter("image-id", [imageId])] });
        return found.Images?.FirstOrDefault();
    }

    public async Task<bool> SnapshotExistsAsync(string region, string snapshotId)
    {
        var found = await Ec2(region).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = [new Filter("snapshot-id", [snapshotId])] });
        return found.Snapshots?.Count > 0;
    }

    /// <summary>A copy order for <paramref name="source"/> into the DR region, with the ownership tags, as the engine makes it.</summary>
    public static CopyOrder OrderFor(string application, Artifact source, bool copySourceTags = true)
    {
        var key = CopyOrder.KeyFor(application, source);
        return new CopyOrder(key, application, source, Dr, $"drs-{application}-{source.Id}", OwnershipTags.ForCopy(application, source, key))
        {
            CopySourceTags = copySourceTags,
        };
    }

    private static TagSpecification Spec(ResourceType type, KeyValuePair<string, string>[] tags) => new()
    {
        ResourceType = type,
        Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))],
    };
}
