using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws.Rds;

namespace DrService.Sandbox;

internal sealed partial class DemoEstateSeeder
{
    /// <summary>
    /// The ledger: per role one instance (Name and role tags) with a data volume attached at the role's device, a
    /// snapshot of that volume and a golden AMI of the instance; two PostgreSQL instances tagged dr:app=ledger, each
    /// with a manual snapshot. Its backups are CopyExisting: the first cycle copies these sources to the DR region.
    /// </summary>
    private async Task SeedLedgerAsync(LedgerApplication app, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(Primary);
        foreach (var role in app.Roles)
        {
            var name = $"{app.Name}-{role.Role}";
            var run = await ec2.RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = "ami-0demo0base0image0",
                InstanceType = InstanceType.FindValue(role.InstanceType),
                MinCount = 1,
                MaxCount = 1,
                TagSpecifications = [LedgerTags(ResourceType.Instance, app, name, role.Role)],
            }, cancellationToken);
            var instance = run.Reservation.Instances[0];
            var volume = await ec2.CreateVolumeAsync(new CreateVolumeRequest
            {
                AvailabilityZone = instance.Placement.AvailabilityZone,
                Size = role.VolumeGiB,
                VolumeType = VolumeType.Gp3,
                TagSpecifications = [LedgerTags(ResourceType.Volume, app, $"{name}-data", role.Role)],
            }, cancellationToken);
            await ec2.AttachVolumeAsync(new AttachVolumeRequest
            {
                VolumeId = volume.Volume.VolumeId,
                InstanceId = instance.InstanceId,
                Device = role.Device,
            }, cancellationToken);
            await ec2.CreateSnapshotAsync(new CreateSnapshotRequest
            {
                VolumeId = volume.Volume.VolumeId,
                Description = $"{name} data volume (demo)",
                TagSpecifications = [LedgerTags(ResourceType.Snapshot, app, $"{name}-data", role.Role)],
            }, cancellationToken);
            await ec2.CreateImageAsync(new CreateImageRequest
            {
                InstanceId = instance.InstanceId,
                Name = $"{name}-golden",
                NoReboot = true,
                TagSpecifications = [LedgerTags(ResourceType.Image, app, $"{name}-golden", role.Role)],
            }, cancellationToken);
        }
        var tags = new Dictionary<string, string> { [DemoEstate.AppTag] = app.Name, [DemoEstate.MarkerTag] = "true" };
        foreach (var database in app.Databases)
        {
            await rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate(
                database, "db.t3.micro", "postgres", "drdemo", "demo-password-not-secret", AllocatedStorage: 20, Tags: tags),
                cancellationToken: cancellationToken);
            await rds.CreateDBSnapshotAsync(Primary, database, $"{database}-demo-1", tags, cancellationToken: cancellationToken);
        }
    }

    private static TagSpecification LedgerTags(ResourceType type, LedgerApplication app, string name, string role) => new()
    {
        ResourceType = type,
        Tags =
        [
            new Tag("Name", name),
            new Tag("role", role),
            new Tag(DemoEstate.AppTag, app.Name),
            new Tag(DemoEstate.MarkerTag, "true"),
        ],
    };
}
