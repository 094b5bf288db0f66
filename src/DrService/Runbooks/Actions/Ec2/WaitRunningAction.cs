using Amazon.EC2.Model;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.wait-running</c>: polls DescribeInstances of <c>instanceIds</c> in <c>region</c> until every one is
/// <c>running</c> (at most <c>timeout</c>); fails at once when one is terminated. Outputs <c>instanceIds</c> and
/// <c>privateIpAddresses</c>.
/// </summary>
public sealed class WaitRunningAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.wait-running";

    public override ActionSchema Schema { get; } = new(["instanceIds", "region"], ["timeout"], ["instanceIds", "privateIpAddresses"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
        [new("ec2", "DescribeInstances", Shown(context, "region"), Shown(context, "instanceIds"), "until running")];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var ids = ActionInputs.RequiredList(context, "instanceIds");
        var instances = await DescribeAsync(context, ids, cancellationToken);
        return instances.Count == ids.Count && instances.All(i => i.State?.Name?.Value == "running") ? Result(instances) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var ids = ActionInputs.RequiredList(context, "instanceIds");
        var region = context.Input("region");
        var ready = await Services.WaitForAsync($"instances {string.Join(", ", ids)} to run", ActionInputs.OptionalDuration(context, "timeout"), async () =>
        {
            var instances = await DescribeAsync(context, ids, cancellationToken);
            if (instances.FirstOrDefault(Ec2Lookups.IsGone) is { } gone)
            {
                throw new StepFailedException("InstanceTerminated", $"Instance {gone.InstanceId} in {region} is {gone.State.Name.Value} ({gone.StateReason?.Message}).");
            }
            return instances.Count == ids.Count && instances.All(i => i.State?.Name?.Value == "running") ? instances : null;
        }, cancellationToken);
        await context.Log($"{ids.Count} instance(s) running in {region}.", cancellationToken);
        return Result(ready);
    }

    private async Task<List<Instance>> DescribeAsync(StepContext context, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        return await Ec2Lookups.InstancesAsync(ec2, region, [new Filter("instance-id", [.. ids])], cancellationToken);
    }

    private static StepResult Result(List<Instance> instances) => new(new Dictionary<string, string>
    {
        ["instanceIds"] = string.Join(",", instances.Select(i => i.InstanceId).Order(StringComparer.Ordinal)),
        ["privateIpAddresses"] = string.Join(",", instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal).Select(i => i.PrivateIpAddress ?? "")),
    }, $"{instances.Count} instance(s) running");
}
