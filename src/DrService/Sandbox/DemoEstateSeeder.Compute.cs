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
        }

        await ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.InstanceId,
            Name = $"{app.Name}-web-golden",
            NoReboot = true,
            TagSpecifications = [Tags(ResourceType.Image, app, $"{app.Name}-web-golden")],
        }, cancellationToken);
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
