using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.launch-from-copy</c>: RunInstances in <c>region</c> from the newest available DR copy of the AMI of
/// <c>instanceSource</c> (any of the application's AMI copies when not given), <c>count</c> instances of
/// <c>instanceType</c>, optionally in <c>subnetId</c> with <c>securityGroupIds</c>. The ClientToken is derived from
/// the execution and step, and the instances carry the step's tags, so a re-run finds them instead of launching
/// twice. Does not wait (<c>ec2.wait-running</c> does). Outputs <c>instanceIds</c>, <c>ami</c>, <c>recoveryPoint</c>
/// (the AMI's source time), <c>created</c>. Undo: <c>ec2.terminate-instances</c>. Calls only <c>region</c>.
/// </summary>
public sealed class LaunchFromCopyAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.launch-from-copy";

    public override ActionSchema Schema { get; } = new(
        ["region", "instanceType", "count"],
        ["instanceSource", "subnetId", "securityGroupIds"],
        ["instanceIds", "ami", WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Created]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var source = context.OptionalInput("instanceSource") ?? $"any instance of {context.Application}";
        return
        [
            new("ec2", "DescribeInstances", region, context.StepId, "instances this step launched before (tags)"),
            new("ec2", "DescribeImages", region, source, "DrService's AMI copies, newest available"),
            new("ec2", "RunInstances", region, $"{Shown(context, "count")} x {Shown(context, "instanceType")}",
                $"from the newest AMI copy of {source}" + (context.OptionalInput("subnetId") is { } subnet ? $" in {subnet}" : "")),
        ];
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var count = ActionInputs.OptionalInt(context, "count", 1, 1, 1000);
        var running = await LaunchedAsync(context, region, cancellationToken);
        return running.Count >= count ? Result(running) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var count = ActionInputs.OptionalInt(context, "count", 1, 1, 1000);
        var type = context.Input("instanceType");
        var launched = await LaunchedAsync(context, region, cancellationToken);
        if (launched.Count >= count)
        {
            return Result(launched);
        }
        var source = context.OptionalInput("instanceSource");
        var image = await Ec2Lookups.NewestImageCopyAsync(Services, context, region, source, cancellationToken)
            ?? throw new StepFailedException("NoCopy", $"No available AMI copy of {source ?? $"any instance of {context.Application}"} in {region}.");
        var tags = RunbookTags.For(context);
        tags[OwnershipTags.SourceId] = image.Id;
        tags[RunbookTags.RecoveryPoint] = ActionInputs.Time(image.SourceCreatedAt);
        tags["Name"] = RunbookTags.Name(context, $"{context.Application}-dr", 128);
        if (source is not null)
        {
            tags[OwnershipTags.ResourceId] = source;
        }
        var request = new RunInstancesRequest
        {
            ImageId = image.Id,
            InstanceType = InstanceType.FindValue(type),
            MinCount = count - launched.Count,
            MaxCount = count - launched.Count,
            ClientToken = RunbookTags.ClientToken(context, $"run-instances-{launched.Count}"),
            TagSpecifications = [Ec2Tags.Spec(ResourceType.Instance, tags), Ec2Tags.Spec(ResourceType.Volume, tags)],
        };
        if (context.OptionalInput("subnetId") is { } subnet)
        {
            request.SubnetId = subnet;
        }
        if (ActionInputs.List(context.OptionalInput("securityGroupIds")) is { Count: > 0 } groups)
        {
            request.SecurityGroupIds = [.. groups];
        }
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        RunInstancesResponse run;
        try
        {
            run = await Ec2Calls.RunAsync(region, "RunInstances", () => ec2.RunInstancesAsync(request, cancellationToken));
        }
        catch (Aws.Errors.AwsServiceException ex)
        {
            await Services.AuditAsync(context, Name, image.Id, "failed", $"{ex.ErrorCode}: {request.MaxCount} x {type}", cancellationToken);
            throw;
        }
        var ids = run.Reservation.Instances.Select(i => i.InstanceId).ToList();
        await Services.AuditAsync(context, Name, string.Join(",", ids), "succeeded", $"{ids.Count} x {type} from {image.Id} (copy of {image.SourceId})", cancellationToken);
        await context.Log($"Launched {string.Join(", ", ids)} in {region} from {image.Id} (data of {ActionInputs.Time(image.SourceCreatedAt)}).", cancellationToken);
        foreach (var instance in run.Reservation.Instances.Where(i => i.Tags is not { Count: > 0 }))
        {
            instance.Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))];
        }
        return Result([.. launched, .. run.Reservation.Instances]);
    }

    private async Task<List<Instance>> LaunchedAsync(StepContext context, string region, CancellationToken cancellationToken)
    {
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        var found = await Ec2Lookups.InstancesAsync(ec2, region, Ec2Lookups.CreatedBy(context), cancellationToken);
        return [.. found.Where(i => !Ec2Lookups.IsGone(i)).OrderBy(i => i.InstanceId, StringComparer.Ordinal)];
    }

    private static StepResult Result(List<Instance> instances)
    {
        var ids = string.Join(",", instances.Select(i => i.InstanceId));
        var first = Ec2Lookups.Tags(instances[0].Tags);
        return new StepResult(new Dictionary<string, string>
        {
            ["instanceIds"] = ids,
            ["ami"] = instances[0].ImageId ?? "",
            [WellKnownOutputs.RecoveryPoint] = first.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? "",
            [WellKnownOutputs.Created] = ids,
        }, string.Create(CultureInfo.InvariantCulture, $"{instances.Count} instance(s) launched"));
    }
}
