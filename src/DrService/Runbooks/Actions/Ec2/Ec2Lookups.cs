using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Actions;

/// <summary>The EC2 reads the actions share: DR copies by ownership tags, and what a step created by its tags.</summary>
internal static class Ec2Lookups
{
    /// <summary>
    /// The newest usable AMI copy in <paramref name="region"/> made for the application: of
    /// <paramref name="sourceInstance"/> (its <c>dr:resource-id</c>) when given, else of any of its instances; state
    /// available, newest by the source backup's time (<c>dr:source-created</c>), then by creation.
    /// </summary>
    public static async Task<Artifact?> NewestImageCopyAsync(ActionServices s, StepContext context, string region, string? sourceInstance, CancellationToken cancellationToken)
    {
        var copies = await s.Driver(ArtifactKind.Image).ListCopiesAsync(region, context.Application, s.Account(context), cancellationToken);
        return copies
            .Where(c => c.State == ArtifactState.Available && c.Tags.ContainsKey(OwnershipTags.SourceId)
                && (sourceInstance is null || string.Equals(c.Tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? c.ResourceId, sourceInstance, StringComparison.Ordinal)))
            .OrderByDescending(c => c.SourceCreatedAt)
            .ThenByDescending(c => c.CreatedAt)
            .FirstOrDefault();
    }

    /// <summary>The newest available EBS snapshot copy per source volume of the application in <paramref name="region"/>.</summary>
    public static async Task<IReadOnlyList<Artifact>> NewestVolumeCopiesAsync(ActionServices s, StepContext context, string region, CancellationToken cancellationToken)
    {
        var copies = await s.Driver(ArtifactKind.EbsSnapshot).ListCopiesAsync(region, context.Application, s.Account(context), cancellationToken);
        return [.. copies
            .Where(c => c.State == ArtifactState.Available && c.Tags.ContainsKey(OwnershipTags.SourceId) && c.Tags.ContainsKey(OwnershipTags.ResourceId))
            .GroupBy(c => c.Tags[OwnershipTags.ResourceId], StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(c => c.SourceCreatedAt).ThenByDescending(c => c.CreatedAt).First())
            .OrderBy(c => c.Tags[OwnershipTags.ResourceId], StringComparer.Ordinal)];
    }

    /// <summary>The newest available EBS snapshot copy of one source volume (its <c>dr:resource-id</c>) in <paramref name="region"/>, or null.</summary>
    public static async Task<Artifact?> NewestVolumeCopyAsync(ActionServices s, StepContext context, string region, string sourceVolume, CancellationToken cancellationToken) =>
        (await NewestVolumeCopiesAsync(s, context, region, cancellationToken))
            .FirstOrDefault(c => string.Equals(c.Tags[OwnershipTags.ResourceId], sourceVolume, StringComparison.Ordinal));

    /// <summary>The filters that find what one step of one execution created.</summary>
    public static List<Filter> CreatedBy(StepContext context) =>
    [
        Ec2Tags.Filter(OwnershipTags.ManagedBy, OwnershipTags.ManagedByValue),
        Ec2Tags.Filter(RunbookTags.ExecutionId, context.ExecutionId),
        Ec2Tags.Filter(RunbookTags.StepId, context.StepId),
    ];

    public static async Task<List<Instance>> InstancesAsync(IAmazonEC2 ec2, string region, List<Filter> filters, CancellationToken cancellationToken) =>
        await Ec2Calls.AllPagesAsync(
            region,
            "DescribeInstances",
            token => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = filters, NextToken = token }, cancellationToken),
            r => r.Reservations?.SelectMany(x => x.Instances ?? []),
            r => r.NextToken);

    public static async Task<List<Volume>> VolumesAsync(IAmazonEC2 ec2, string region, List<Filter> filters, CancellationToken cancellationToken) =>
        await Ec2Calls.AllPagesAsync(
            region,
            "DescribeVolumes",
            token => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = filters, NextToken = token }, cancellationToken),
            r => r.Volumes,
            r => r.NextToken);

    public static bool IsGone(Instance instance) => instance.State?.Name?.Value is "terminated" or "shutting-down";

    public static Dictionary<string, string> Tags(List<Tag>? tags) => Ec2Tags.ToDictionary(tags);
}
