using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws.Errors;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.delete-volumes</c> (undo of <c>ec2.volumes-from-copies</c>): for <c>volumeIds</c> in <c>region</c>, detach
/// where attached, wait until available, DeleteVolume. Every volume is checked first; if any lacks
/// <c>dr:managed-by=drservice</c> and this drill's <c>dr:drill-id</c> (outside drills: this execution's
/// <c>dr:execution-id</c>), none is touched (not retryable).
/// </summary>
public sealed class DeleteVolumesAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.delete-volumes";

    public override ActionSchema Schema { get; } = new(["volumeIds", "region"], ["timeout"], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("ec2", "DescribeVolumes", Shown(context, "region"), Shown(context, "volumeIds"), "ownership check"),
        new("ec2", "DetachVolume", Shown(context, "region"), Shown(context, "volumeIds"), "where attached"),
        new("ec2", "DeleteVolume", Shown(context, "region"), Shown(context, "volumeIds")),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) =>
        (await DescribeAsync(context, cancellationToken)).Count == 0 ? StepResult.Empty : null;

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        var volumes = await DescribeAsync(context, cancellationToken);
        foreach (var volume in volumes)
        {
            if (!RunbookTags.BelongsTo(Ec2Lookups.Tags(volume.Tags), context, out var why))
            {
                await Services.AuditAsync(context, Name, volume.VolumeId, "denied", why, cancellationToken);
                throw new StepFailedException("NotOwned", $"Refusing to delete volume {volume.VolumeId} in {region}: {why}.");
            }
        }
        foreach (var volume in volumes.Where(v => v.Attachments is { Count: > 0 }))
        {
            await Ec2Calls.RunAsync(region, "DetachVolume", () => ec2.DetachVolumeAsync(new DetachVolumeRequest { VolumeId = volume.VolumeId, Force = true }, cancellationToken));
            await Services.AuditAsync(context, $"{Name}.detach", volume.VolumeId, "succeeded", null, cancellationToken);
        }
        var ids = volumes.Select(v => v.VolumeId).ToList();
        if (ids.Count > 0)
        {
            await Services.WaitForAsync("volumes to detach", ActionInputs.OptionalDuration(context, "timeout"), async () =>
            {
                var now = await Ec2Lookups.VolumesAsync(ec2, region, [new Filter("volume-id", ids)], cancellationToken);
                return now.All(v => v.State != VolumeState.InUse) ? now : null;
            }, cancellationToken);
        }
        foreach (var id in ids)
        {
            try
            {
                await Ec2Calls.RunAsync(region, "DeleteVolume", () => ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = id }, cancellationToken));
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidVolume.NotFound")
            {
                // Gone in between.
            }
            await Services.AuditAsync(context, Name, id, "succeeded", null, cancellationToken);
        }
        await context.Log($"Deleted {ids.Count} volume(s) in {region}: {string.Join(", ", ids)}.", cancellationToken);
        return new StepResult(new Dictionary<string, string>(), $"deleted {ids.Count} volume(s)");
    }

    private async Task<List<Volume>> DescribeAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var ids = ActionInputs.RequiredList(context, "volumeIds");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        var found = await Ec2Lookups.VolumesAsync(ec2, region, [new Filter("volume-id", [.. ids])], cancellationToken);
        return [.. found.Where(v => v.State != VolumeState.Deleted && v.State != VolumeState.Deleting)];
    }
}
