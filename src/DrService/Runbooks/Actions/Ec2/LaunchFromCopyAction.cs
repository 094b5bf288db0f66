using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.launch-from-copy</c>: RunInstances in <c>region</c> from the newest available DR copy of the AMI of
/// <c>instanceSource</c> (any of the application's AMI copies when not given), <c>count</c> (default 1) instances of
/// <c>instanceType</c>, optionally in <c>subnetId</c> with <c>securityGroupIds</c>. Per item (<c>forEach: instances</c>)
/// each source instance gets its own step, so every role is launched from its own AMI copy with its own type. Tags:
/// <c>Name</c> = <c>name</c> (the source's Name; else the source id, else <c>{app}-dr</c>) with the drill id in drills,
/// <c>role</c> = the <c>role</c> input when given. The ClientToken is derived from the execution and step, and the
/// instances carry the step's tags, so a re-run finds them instead of launching twice. Does not wait
/// (<c>ec2.wait-running</c> does). Outputs <c>instanceIds</c>, <c>instanceId</c> (the first), <c>availabilityZone</c>
/// (the first's, from RunInstances' Placement: where its volumes must be created), <c>ami</c> and <c>copy</c> (the AMI
/// copy), <c>recoveryPoint</c> (the AMI's source time), <c>recovered</c> and <c>created</c> (the instance ids).
/// Undo: <c>ec2.terminate-instances</c>. Calls only <c>region</c>.
/// </summary>
public sealed class LaunchFromCopyAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.launch-from-copy";

    public override ActionSchema Schema { get; } = new(
        ["region", "instanceType"],
        ["count", "instanceSource", "subnetId", "securityGroupIds", "name", "role"],
        ["instanceIds", "instanceId", "availabilityZone", "ami", WellKnownOutputs.Copy, WellKnownOutputs.RecoveryPoint, WellKnownOutputs.Recovered, WellKnownOutputs.Created]);

    /// <summary>The Name tag: the source's name (or id) with the drill id in drills, valid as an identifier.</summary>
    public static string InstanceName(StepContext context) =>
        RunbookTags.Name(context, context.OptionalInput("name") ?? context.OptionalInput("instanceSource") ?? $"{context.Application}-dr", 128);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var source = context.OptionalInput("instanceSource") ?? $"any instance of {context.Application}";
        return
        [
            new("ec2", "DescribeInstances", region, context.StepId, "instances this step launched before (tags)"),
            new("ec2", "DescribeImages", region, source, "DrService's AMI copies, newest available"),
            new("ec2", "RunInstances", region, $"{context.OptionalInput("count") ?? "1"} x {Shown(context, "instanceType")} named {InstanceName(context)}",
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
        tags["Name"] = InstanceName(context);
        if (context.OptionalInput("role") is { } role)
        {
            tags["role"] = role;
        }
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
        instances = [.. instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal)];
        var ids = string.Join(",", instances.Select(i => i.InstanceId));
        var first = Ec2Lookups.Tags(instances[0].Tags);
        var ami = instances[0].ImageId ?? first.GetValueOrDefault(OwnershipTags.SourceId) ?? "";
        return new StepResult(new Dictionary<string, string>
        {
            ["instanceIds"] = ids,
            ["instanceId"] = instances[0].InstanceId,
            ["availabilityZone"] = instances[0].Placement?.AvailabilityZone ?? "",
            ["ami"] = ami,
            [WellKnownOutputs.Copy] = ami,
            [WellKnownOutputs.RecoveryPoint] = first.GetValueOrDefault(RunbookTags.RecoveryPoint) ?? "",
            [WellKnownOutputs.Recovered] = ids,
            [WellKnownOutputs.Created] = ids,
        }, string.Create(CultureInfo.InvariantCulture, $"{instances.Count} instance(s) launched"));
    }
}
