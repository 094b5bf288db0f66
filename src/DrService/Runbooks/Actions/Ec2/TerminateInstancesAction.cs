using Amazon.EC2.Model;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>ec2.terminate-instances</c> (undo of <c>ec2.launch-from-copy</c>): TerminateInstances of <c>instanceIds</c> in
/// <c>region</c>. Every instance is checked first; if any lacks <c>dr:managed-by=drservice</c> and this drill's
/// <c>dr:drill-id</c> (outside drills: this execution's <c>dr:execution-id</c>), none is terminated (not retryable).
/// </summary>
public sealed class TerminateInstancesAction(ActionServices services) : StepAction(services)
{
    public override string Name => "ec2.terminate-instances";

    public override ActionSchema Schema { get; } = new(["instanceIds", "region"], [], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
    [
        new("ec2", "DescribeInstances", Shown(context, "region"), Shown(context, "instanceIds"), "ownership check"),
        new("ec2", "TerminateInstances", Shown(context, "region"), Shown(context, "instanceIds")),
    ];

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var live = (await DescribeAsync(context, cancellationToken)).Where(i => !Ec2Lookups.IsGone(i)).ToList();
        return live.Count == 0 ? StepResult.Empty : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var instances = await DescribeAsync(context, cancellationToken);
        foreach (var instance in instances)
        {
            if (!RunbookTags.BelongsTo(Ec2Lookups.Tags(instance.Tags), context, out var why))
            {
                await Services.AuditAsync(context, Name, instance.InstanceId, "denied", why, cancellationToken);
                throw new StepFailedException("NotOwned", $"Refusing to terminate instance {instance.InstanceId} in {region}: {why}.");
            }
        }
        var live = instances.Where(i => !Ec2Lookups.IsGone(i)).Select(i => i.InstanceId).ToList();
        if (live.Count == 0)
        {
            return new StepResult(new Dictionary<string, string>(), "already terminated");
        }
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        await Ec2Calls.RunAsync(region, "TerminateInstances", () => ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = live }, cancellationToken));
        await Services.AuditAsync(context, Name, string.Join(",", live), "succeeded", null, cancellationToken);
        await context.Log($"Terminating {string.Join(", ", live)} in {region}.", cancellationToken);
        return new StepResult(new Dictionary<string, string>(), $"terminating {live.Count} instance(s)");
    }

    private async Task<List<Instance>> DescribeAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var ids = ActionInputs.RequiredList(context, "instanceIds");
        var ec2 = Services.Aws.Ec2(region, Services.Account(context));
        return await Ec2Lookups.InstancesAsync(ec2, region, [new Filter("instance-id", [.. ids])], cancellationToken);
    }
}
