using Amazon.EC2;
using Amazon.EC2.Model;

namespace DrService.Sandbox;

internal sealed partial class DemoEstateSeeder
{
    private async Task<bool> AlreadySeededAsync(CancellationToken cancellationToken)
    {
        var found = await aws.Ec2(Primary).DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("tag-key", [DemoEstate.MarkerTag])],
        }, cancellationToken);
        return found.Reservations?.Count > 0;
    }

    /// <summary>A fleet of instances, their data volumes with a first snapshot each, and an AMI of the fleet.</summary>
    private async Task SeedComputeAsync(DemoApplication app, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(Primary);
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-0demo0base0image0",
            InstanceType = InstanceType.T3Micro,
            MinCount = app.Instances,
            MaxCount = app.Instances,
            TagSpecifications = [Tags(ResourceType.Instance, app, $"{app.Name}-web")],
        }, cancellationToken);
        var instance = run.Reservation.Instances[0];

        for (var i = 1; i <= app.Volumes; i++)
        {
            var volume = await ec2.CreateVolumeAsync(new CreateVolumeRequest
            {
                AvailabilityZone = instance.Placement.AvailabilityZone,
                Size = 20 * i,
                VolumeType = VolumeType.Gp3,
                TagSpecifications = [Tags(ResourceType.Volume, app, $"{app.Name}-data-{i}")],
            }, cancellationToken);
            await ec2.CreateSnapshotAsync(new CreateSnapshotRequest
            {
                VolumeId = volume.Volume.VolumeId,
                Description = $"{app.Name} data volume {i} (demo)",
                TagSpecifications = [Tags(ResourceType.Snapshot, app, $"{app.Name}-data-{i}")],
            }, cancellationToken);
            if (app.OldCopies > 0 && i == 1)
            {
                await SeedOldCopiesAsync(app, volume.Volume.VolumeId, cancellationToken);
            }
        }

        await ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.InstanceId,
            Name = $"{app.Name}-web-golden",
            NoReboot = true,
            TagSpecifications = [Tags(ResourceType.Image, app, $"{app.Name}-web-golden")],
        }, cancellationToken);
    }

    /// <summary>
    /// Copies "made" on earlier days (owned, tagged with an older source time) in the DR region, so that the first
    /// cycle's retention has something to prune.
    /// </summary>
    private async Task SeedOldCopiesAsync(DemoApplication app, string volumeId, CancellationToken cancellationToken)
    {
        var dr = aws.Ec2(Dr);
        var zones = await dr.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), cancellationToken);
        var stand = await dr.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = zones.AvailabilityZones[0].ZoneName, Size = 20 }, cancellationToken);
        var today = time.GetUtcNow().UtcDateTime.Date;
        for (var day = 1; day <= app.OldCopies; day++)
        {
            var taken = today.AddDays(-day).AddHours(2);
            await dr.CreateSnapshotAsync(new CreateSnapshotRequest
            {
                VolumeId = stand.Volume.VolumeId,
                Description = $"{app.Name} {volumeId} copy of {taken:yyyy-MM-dd} (demo history)",
                TagSpecifications =
                [
                    new TagSpecification
                    {
                        ResourceType = ResourceType.Snapshot,
                        Tags =
                        [
                            new Tag(Backups.Model.OwnershipTags.ManagedBy, Backups.Model.OwnershipTags.ManagedByValue),
                            new Tag(Backups.Model.OwnershipTags.Application, app.Name),
                            new Tag(Backups.Model.OwnershipTags.ResourceId, volumeId),
                            new Tag(Backups.Model.OwnershipTags.SourceId, $"snap-demo-{app.Name}-{day:000}"),
                            new Tag(Backups.Model.OwnershipTags.SourceRegion, Primary),
                            new Tag(Backups.Model.OwnershipTags.SourceCreated, taken.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
                            new Tag(DemoEstate.MarkerTag, "true"),
                        ],
                    },
                ],
            }, cancellationToken);
        }
    }

    private static TagSpecification Tags(ResourceType type, DemoApplication app, string name) => new()
    {
        ResourceType = type,
        Tags =
        [
            new Tag("Name", name),
            new Tag(DemoEstate.AppTag, app.Name),
            new Tag(DemoEstate.MarkerTag, "true"),
        ],
    };
}
