using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.volume-from-copy</c> (one item of <c>forEach: volumes</c>): CreateVolume in <c>region</c> from the newest
/// available DR snapshot copy of <c>sourceVolume</c> (its <c>dr:resource-id</c>), waits until it is available, and
/// with <c>instanceId</c> and <c>device</c> attaches it there and waits until attached. The zone: the instance's own
/// when <c>instanceId</c> is given (read with DescribeInstances: AttachVolume needs both in one zone), else
/// <c>availabilityZone</c>, else <c>defaultAvailabilityZone</c> (an unattached volume's fallback). When the instance
/// already has another volume at <c>device</c> (the AMI restored it, e.g. the root volume), the new volume is left
/// detached and the step says so. Idempotent: a ClientToken from the execution and step, and the step's tags, find
/// the volume again. Outputs <c>volumeId</c>, <c>volumeIds</c> (for the undo), <c>availabilityZone</c>,
/// <c>attachedTo</c>, <c>copy</c> (the snapshot), <c>recoveryPoint</c> (its source time), <c>recovered</c> and
/// <c>created</c> (the volume). Undo: <c>ec2.delete-volumes</c> (detaches and waits first). Calls only <c>region</c>.
/// </summary>
public sealed class VolumeFromCopyAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.volume-from-copy";

    public override ActionSchema Schema { get; } = new(
        ["region", "sourceVolume"],
        ["availabilityZone", "defaultAvailabilityZone", "instanceId", "device", "volumeType", "timeout"],
        ["volumeId", "volumeIds", "availabilityZone", "attachedTo", WellKnownOutputs.Copy, WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Recovered, WellKnownOutputs.Created]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var source = Shown(context, "sourceVolume");
        var instance = context.OptionalInput("instanceId");
        List<PlannedCall> calls =
        [
            new("ec2", "DescribeVolumes", region, context.StepId, "a volume this step created before (tags)"),
            new("ec2", "DescribeSnapshots", region, source, "DrService's EBS copies, newest available"),
        ];
        if (instance is not null)
        {
            calls.Add(new("ec2", "DescribeInstances", region, instance, "its availability zone"));
        }
        calls.Add(new("ec2", "CreateVolume", region, source, $"in {instance ?? context.OptionalInput("availabilityZone") ?? Shown(context, "defaultAvailabilityZone")}"));
        calls.Add(new("ec2", "DescribeVolumes", region, source, "until available"));
        if (instance is not null && context.OptionalInput("device") is { } device)
        {
            calls.Add(new("ec2", "AttachVolume", region, instance, $"at {device}"));
            calls.Add(new("ec2", "DescribeVolumes", region, source, "until attached"));
        }
        return calls;
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        if (await CreatedAsync(context, ec2, region, cancellationToken) is not { } volume || volume.State != VolumeState.Available && volume.State != VolumeState.InUse)
        {
            return null;
        }
        if (Target(context) is not { } target)
        {
            return Result(volume, null);
        }
        if (AttachedTo(volume, target.Instance))
        {
            return Result(volume, target.Instance);
        }
        // Left detached on purpose (the device was taken by the AMI's own volume) is done too; anything else is not.
        return volume.State == VolumeState.Available && await DeviceTakenAsync(ec2, region, target, volume.VolumeId, cancellationToken) ? Result(volume, null) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var source = context.Input("sourceVolume");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        var target = Target(context);
        var volume = await CreatedAsync(context, ec2, region, cancellationToken)
            ?? await CreateAsync(context, ec2, region, source, target, cancellationToken);

        var id = volume.VolumeId;
        volume = await Services.WaitForAsync($"volume {id} to be available", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            var now = await DescribeAsync(ec2, region, id, cancellationToken);
            return now?.State == VolumeState.Available || now?.State == VolumeState.InUse ? now
                : now?.State == VolumeState.Error ? throw new StepFailedException("VolumeError", $"Volume {id} in {region} is in state error.")
                : null;
        }, cancellationToken);
        if (target is null)
        {
            return Result(volume, null);
        }
        if (!AttachedTo(volume, target.Instance))
        {
            if (volume.Attachments?.FirstOrDefault(a => a.InstanceId != target.Instance) is { } other)
            {
                throw new StepFailedException("VolumeInUse", $"Volume {id} in {region} is attached to {other.InstanceId}, not {target.Instance}.");
            }
            if (await DeviceTakenAsync(ec2, region, target, id, cancellationToken))
            {
                var message = $"{target.Instance} already has a volume at {target.Device} (restored from its AMI): {id} (copy of {source}) is left detached.";
                await context.Log(message, cancellationToken);
                return Result(volume, null, message);
            }
            if (volume.Attachments is not { Count: > 0 })
            {
                await AttachAsync(context, ec2, region, id, target, cancellationToken);
            }
            volume = await Services.WaitForAsync($"volume {id} to be attached to {target.Instance}", ActionInputs.OptionalDuration(context, "timeout"), async () =>
            {
                var now = await DescribeAsync(ec2, region, id, cancellationToken);
                return now is not null && AttachedTo(now, target.Instance) ? now : null;
            }, cancellationToken);
        }
        return Result(volume, target.Instance);
    }

    private sealed record Attachment(string Instance, string Device);

    private static Attachment? Target(StepContext context) =>
        context.OptionalInput("instanceId") is { } instance && context.OptionalInput("device") is { } device ? new(instance, device) : null;

    private async Task<Volume> CreateAsync(StepContext context, IAmazonEC2 ec2, string region, string source, Attachment? target, CancellationToken cancellationToken)
    {
        var copy = await Ec2Lookups.NewestVolumeCopyAsync(Services, context, region, source, cancellationToken)
            ?? throw new StepFailedException("NoCopy", $"No available EBS snapshot copy of volume {source} for {context.Application} in {region}.");
        var zone = await ZoneAsync(context, ec2, region, cancellationToken);
        var tags = RunbookTags.For(context);
        tags[OwnershipTags.ResourceId] = source;
        tags[OwnershipTags.SourceId] = copy.Id;
        tags[RunbookTags.RecoveryPoint] = ActionInputs.Time(copy.SourceCreatedAt);
        tags["Name"] = RunbookTags.Name(context, $"{context.Application}-{source}-dr", 128);
        var request = new CreateVolumeRequest
        {
            SnapshotId = copy.Id,
            AvailabilityZone = zone,
            ClientToken = RunbookTags.ClientToken(context, "create-volume"),
            TagSpecifications = [Ec2Tags.Spec(ResourceType.Volume, tags)],
        };
        if (context.OptionalInput("volumeType") is { } type)
        {
            request.VolumeType = VolumeType.FindValue(type);
        }
        CreateVolumeResponse created;
        try
        {
            created = await Ec2Calls.RunAsync(region, "CreateVolume", () => ec2.CreateVolumeAsync(request, cancellationToken));
        }
        catch (Aws.Errors.AwsServiceException ex)
        {
            await Services.AuditAsync(context, Name, copy.Id, "failed", $"{ex.ErrorCode} creating a volume in {zone}", cancellationToken);
            throw;
        }
        await Services.AuditAsync(context, Name, created.Volume.VolumeId, "succeeded", $"from {copy.Id} (copy of {source}'s {copy.SourceId}) in {zone}" + (target is null ? "" : $" for {target.Instance} at {target.Device}"), cancellationToken);
        await context.Log($"Created {created.Volume.VolumeId} in {zone} from {copy.Id} (volume {source}, data of {ActionInputs.Time(copy.SourceCreatedAt)}).", cancellationToken);
        created.Volume.Tags = created.Volume.Tags is { Count: > 0 } ? created.Volume.Tags : [.. tags.Select(t => new Tag(t.Key, t.Value))];
        return created.Volume;
    }

    /// <summary>
    /// Where to create the volume. AWS: "The volume and the instance must be in the same Availability Zone" (EBS User
    /// Guide, Attach an Amazon EBS volume to an instance, docs.aws.amazon.com/ebs/latest/userguide/ebs-attaching-volume.html),
    /// so with an instance its own zone wins over the input.
    /// </summary>
    private static async Task<string> ZoneAsync(StepContext context, IAmazonEC2 ec2, string region, CancellationToken cancellationToken)
    {
        var given = context.OptionalInput("availabilityZone") ?? context.OptionalInput("defaultAvailabilityZone");
        if (context.OptionalInput("instanceId") is not { } instanceId)
        {
            return given ?? throw new StepFailedException("MissingInput", $"Step '{context.StepId}' needs 'instanceId', 'availabilityZone' or 'defaultAvailabilityZone'.");
        }
        var instance = (await Ec2Lookups.InstancesAsync(ec2, region, [new Filter("instance-id", [instanceId])], cancellationToken)).FirstOrDefault()
            ?? throw new StepFailedException("InvalidInstanceID.NotFound", $"No instance {instanceId} in {region} to attach the volume to.");
        var zone = instance.Placement?.AvailabilityZone ?? given
            ?? throw new StepFailedException("MissingInput", $"Instance {instanceId} in {region} reports no availability zone.");
        if (given is not null && given != zone)
        {
            await context.Log($"Instance {instanceId} is in {zone}, not {given}: the volume is created in {zone}.", cancellationToken);
        }
        return zone;
    }

    private async Task AttachAsync(StepContext context, IAmazonEC2 ec2, string region, string volumeId, Attachment target, CancellationToken cancellationToken)
    {
        try
        {
            await Ec2Calls.RunAsync(region, "AttachVolume", () => ec2.AttachVolumeAsync(new AttachVolumeRequest
            {
                VolumeId = volumeId,
                InstanceId = target.Instance,
                Device = target.Device,
            }, cancellationToken));
        }
        catch (Aws.Errors.AwsServiceException ex)
        {
            await Services.AuditAsync(context, $"{Name}.attach", volumeId, "failed", $"{ex.ErrorCode}: to {target.Instance} at {target.Device}", cancellationToken);
            throw;
        }
        await Services.AuditAsync(context, $"{Name}.attach", volumeId, "succeeded", $"to {target.Instance} at {target.Device}", cancellationToken);
        await context.Log($"Attaching {volumeId} to {target.Instance} at {target.Device}.", cancellationToken);
    }

    /// <summary>True when the instance has another volume at the target device (mapped by its AMI at launch).</summary>
    private static async Task<bool> DeviceTakenAsync(IAmazonEC2 ec2, string region, Attachment target, string volumeId, CancellationToken cancellationToken)
    {
        var instance = (await Ec2Lookups.InstancesAsync(ec2, region, [new Filter("instance-id", [target.Instance])], cancellationToken)).FirstOrDefault();
        return instance?.BlockDeviceMappings?.Any(m => m.DeviceName == target.Device && m.Ebs?.VolumeId is { } v && v != volumeId) == true;
    }

    private static bool AttachedTo(Volume volume, string instance) =>
        volume.Attachments?.Any(a => a.InstanceId == instance && a.State == VolumeAttachmentState.Attached) == true;

    private static async Task<Volume?> DescribeAsync(IAmazonEC2 ec2, string region, string id, CancellationToken cancellationToken) =>
        (await Ec2Lookups.VolumesAsync(ec2, region, [new Filter("volume-id", [id])], cancellationToken)).FirstOrDefault();

    private static async Task<Volume?> CreatedAsync(StepContext context, IAmazonEC2 ec2, string region, CancellationToken cancellationToken)
    {
        var found = await Ec2Lookups.VolumesAsync(ec2, region, Ec2Lookups.CreatedBy(context), cancellationToken);
        return found.Where(v => v.State != VolumeState.Deleting && v.State != VolumeState.Deleted).OrderBy(v => v.VolumeId, StringComparer.Ordinal).FirstOrDefault();
    }

    private static StepResult Result(Volume volume, string? attachedTo, string? message = null)
    {
        var tags = Ec2Lookups.Tags(volume.Tags);
        return new StepResult(new Dictionary<string, string>
        {
            ["volumeId"] = volume.VolumeId,
            ["volumeIds"] = volume.VolumeId,
            ["availabilityZone"] = volume.AvailabilityZone ?? "",
            ["attachedTo"] = attachedTo ?? "",
            [WellKnownOutputs.Copy] = tags.GetValueOrDefault(OwnershipTags.SourceId) ?? volume.SnapshotId ?? "",
            [WellKnownOutputs.RecoveryPoint] = tags.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? "",
            [WellKnownOutputs.Recovered] = volume.VolumeId,
            [WellKnownOutputs.Created] = volume.VolumeId,
        }, message ?? (attachedTo is null ? $"{volume.VolumeId} available" : $"{volume.VolumeId} attached to {attachedTo}"));
    }
}
