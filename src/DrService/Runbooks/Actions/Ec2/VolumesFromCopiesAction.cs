using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.volumes-from-copies</c>: for each of the application's source volumes, the newest available EBS snapshot
/// copy in <c>region</c> becomes a volume in <c>availabilityZone</c> (CreateVolume with a ClientToken derived from the
/// execution, step and source volume; tagged with them), and with <c>attachTo</c> each is attached to that instance
/// (/dev/sdf, /dev/sdg... in source-volume order) once available. Outputs <c>volumeIds</c>, <c>recoveryPoint</c>
/// (the oldest of the snapshots' source times), <c>created</c>. Undo: <c>ec2.delete-volumes</c>. Calls only <c>region</c>.
/// </summary>
public sealed class VolumesFromCopiesAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.volumes-from-copies";

    public override ActionSchema Schema { get; } = new(
        ["region", "availabilityZone"],
        ["attachTo", "volumeType", "timeout"],
        ["volumeIds", WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Created]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        List<PlannedCall> calls =
        [
            new("ec2", "DescribeSnapshots", region, context.Application, "DrService's EBS copies, newest available per source volume"),
            new("ec2", "CreateVolume", region, Shown(context, "availabilityZone"), "one per source volume, ClientToken per volume"),
        ];
        if (context.OptionalInput("attachTo") is { } instance)
        {
            calls.Add(new("ec2", "DescribeVolumes", region, context.StepId, "until available"));
            calls.Add(new("ec2", "AttachVolume", region, instance, "/dev/sdf onwards"));
        }
        return calls;
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var copies = await Ec2Lookups.NewestVolumeCopiesAsync(Services, context, region, cancellationToken);
        var volumes = await CreatedAsync(context, region, cancellationToken);
        var attachTo = context.OptionalInput("attachTo");
        var complete = copies.Count > 0 && volumes.Count >= copies.Count
            && (attachTo is null || volumes.All(v => v.Attachments?.Any(a => a.InstanceId == attachTo) == true));
        return complete ? Result(volumes) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var zone = context.Input("availabilityZone");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        var copies = await Ec2Lookups.NewestVolumeCopiesAsync(Services, context, region, cancellationToken);
        if (copies.Count == 0)
        {
            throw new StepFailedException("NoCopy", $"No available EBS snapshot copy for {context.Application} in {region}.");
        }
        var existing = (await CreatedAsync(context, region, cancellationToken))
            .ToDictionary(v => Ec2Lookups.Tags(v.Tags).GetValueOrDefault(OwnershipTags.ResourceId) ?? v.VolumeId, StringComparer.Ordinal);
        var volumes = new List<Volume>();
        foreach (var copy in copies)
        {
            var sourceVolume = copy.Tags[OwnershipTags.ResourceId];
            if (existing.TryGetValue(sourceVolume, out var made))
            {
                volumes.Add(made);
                continue;
            }
            var tags = RunbookTags.For(context);
            tags[OwnershipTags.ResourceId] = sourceVolume;
            tags[OwnershipTags.SourceId] = copy.Id;
            tags[RunbookTags.RecoveryPoint] = ActionInputs.Time(copy.SourceCreatedAt);
            tags["Name"] = RunbookTags.Name(context, $"{context.Application}-{sourceVolume}-dr", 128);
            var request = new CreateVolumeRequest
            {
                SnapshotId = copy.Id,
                AvailabilityZone = zone,
                ClientToken = RunbookTags.ClientToken(context, $"create-volume-{sourceVolume}"),
                TagSpecifications = [Ec2Tags.Spec(ResourceType.Volume, tags)],
            };
            if (context.OptionalInput("volumeType") is { } type)
            {
                request.VolumeType = VolumeType.FindValue(type);
            }
            var created = await Ec2Calls.RunAsync(region, "CreateVolume", () => ec2.CreateVolumeAsync(request, cancellationToken));
            await Services.AuditAsync(context, Name, created.Volume.VolumeId, "succeeded", $"from {copy.Id} (copy of {sourceVolume}'s {copy.SourceId}) in {zone}", cancellationToken);
            await context.Log($"Created {created.Volume.VolumeId} in {zone} from {copy.Id} (volume {sourceVolume}, data of {ActionInputs.Time(copy.SourceCreatedAt)}).", cancellationToken);
            created.Volume.Tags = created.Volume.Tags is { Count: > 0 } ? created.Volume.Tags : [.. tags.Select(t => new Tag(t.Key, t.Value))];
            volumes.Add(created.Volume);
        }
        if (context.OptionalInput("attachTo") is { } instance)
        {
            volumes = await AttachAsync(context, ec2, region, instance, volumes, cancellationToken);
        }
        return Result(volumes);
    }

    private async Task<List<Volume>> AttachAsync(StepContext context, IAmazonEC2 ec2, string region, string instance, List<Volume> volumes, CancellationToken cancellationToken)
    {
        var ids = volumes.Select(v => v.VolumeId).ToList();
        var ready = await Services.WaitForAsync($"volumes {string.Join(", ", ids)} to be available", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            var now = await Ec2Lookups.VolumesAsync(ec2, region, [new Filter("volume-id", ids)], cancellationToken);
            return now.Count == ids.Count && now.All(v => v.State == VolumeState.Available || v.State == VolumeState.InUse) ? now : null;
        }, cancellationToken);
        var ordered = ready.OrderBy(v => Ec2Lookups.Tags(v.Tags).GetValueOrDefault(OwnershipTags.ResourceId), StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var volume = ordered[i];
            if (volume.Attachments?.Any(a => a.InstanceId == instance) == true)
            {
                continue;
            }
            var device = string.Create(CultureInfo.InvariantCulture, $"/dev/sd{(char)('f' + i)}");
            await Ec2Calls.RunAsync(region, "AttachVolume", () => ec2.AttachVolumeAsync(new AttachVolumeRequest
            {
                VolumeId = volume.VolumeId,
                InstanceId = instance,
                Device = device,
            }, cancellationToken));
            await Services.AuditAsync(context, $"{Name}.attach", volume.VolumeId, "succeeded", $"to {instance} as {device}", cancellationToken);
            volume.Attachments = [.. volume.Attachments ?? [], new VolumeAttachment { InstanceId = instance, Device = device, VolumeId = volume.VolumeId }];
        }
        return ordered;
    }

    private async Task<List<Volume>> CreatedAsync(StepContext context, string region, CancellationToken cancellationToken)
    {
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        var found = await Ec2Lookups.VolumesAsync(ec2, region, Ec2Lookups.CreatedBy(context), cancellationToken);
        return [.. found.Where(v => v.State != VolumeState.Deleting && v.State != VolumeState.Deleted)];
    }

    private static StepResult Result(List<Volume> volumes)
    {
        var ids = string.Join(",", volumes.Select(v => v.VolumeId));
        var points = volumes.Select(v => Ec2Lookups.Tags(v.Tags).GetValueOrDefault(RunbookTags.RecoveryPoint)).OfType<string>().Order(StringComparer.Ordinal).ToList();
        return new StepResult(new Dictionary<string, string>
        {
            ["volumeIds"] = ids,
            [WellKnownOutputs.RecoveryPoint] = points.FirstOrDefault() ?? "",
            [WellKnownOutputs.Created] = ids,
        }, string.Create(CultureInfo.InvariantCulture, $"{volumes.Count} volume(s) from copies"));
    }
}
