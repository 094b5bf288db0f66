using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws;
using DrService.Aws.Errors;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Drivers;

/// <summary>
/// EC2 instances protected by AMIs copied across regions. A source AMI is linked to its instance by the
/// <c>source-instance-id</c> filter (AMIs made with CreateImage, by anyone) and by our <c>dr:resource-id</c> tag (which
/// survives where AWS knows no source instance); both are queried, 200 ids a chunk, and merged.
/// </summary>
public sealed partial class Ec2ImageDriver(IAwsClientFactory aws, TimeProvider time) : IArtifactDriver
{
    /// <summary>Instances in these states can be imaged; shutting-down and terminated ones are left out.</summary>
    private static readonly List<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>What links an AMI to its instance: AWS's own record (CreateImage), and our tag on the AMIs we make.</summary>
    private static readonly string[] LinkFilters = ["source-instance-id", $"tag:{OwnershipTags.ResourceId}"];

    /// <summary>MaxResults of every paginated Describe* (tests lower it to force pages).</summary>
    internal int PageSize { get; init; } = Ec2Calls.MaxPageSize;

    /// <summary>Ids per filter or per ImageIds list (tests lower it to force chunks).</summary>
    internal int ChunkSize { get; init; } = Ec2Calls.MaxFilterValues;

    public ArtifactKind Kind => ArtifactKind.Image;

    public async Task<IReadOnlyList<ProtectedResource>> DiscoverAsync(string application, string region, ResourceSelector selector, string account, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(region, account);
        var instances = await Ec2Calls.SelectAsync(selector, "instance-id", ChunkSize, filters => Ec2Calls.AllPagesAsync(
            region,
            "DescribeInstances",
            token => ec2.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                Filters = [.. filters, new Filter("instance-state-name", LiveStates)],
                MaxResults = PageSize,
                NextToken = token,
            }, cancellationToken),
            r => r.Reservations?.SelectMany(reservation => reservation.Instances ?? []),
            r => r.NextToken), i => i.InstanceId);
        return [.. instances.Select(i => new ProtectedResource(application, Kind, region, i.InstanceId)
        {
            Tags = Ec2Tags.ToDictionary(i.Tags),
            Detail = i.Placement?.AvailabilityZone,
            Facts = i.InstanceType?.Value is { Length: > 0 } type
                ? new Dictionary<string, string>(StringComparer.Ordinal) { [OwnershipTags.InstanceType] = type }
                : new Dictionary<string, string>(),
        })];
    }

    public async Task<IReadOnlyList<Artifact>> ListSourceArtifactsAsync(string region, IReadOnlyCollection<string> resourceIds, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var wanted = resourceIds.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(ChunkSize))
        {
            foreach (var link in LinkFilters)
            {
                foreach (var image in await DescribeOwnedAsync(region, account, [new Filter(link, [.. chunk])], cancellationToken))
                {
                    var artifact = ToArtifact(region, image);
                    if (wanted.Contains(artifact.ResourceId))
                    {
                        found.TryAdd(artifact.Id, artifact);
                    }
                }
            }
        }
        return [.. found.Values];
    }

    public async Task<Artifact> CreateSourceArtifactAsync(ProtectedResource resource, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(tags);
        var all = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        all.TryAdd("Name", name);
        all[OwnershipTags.ResourceId] = resource.ResourceId;
        List<TagSpecification> specs = [Ec2Tags.Spec(ResourceType.Image, all)];
        if (TagSnapshotsOnCreate)
        {
            specs.Add(Ec2Tags.Spec(ResourceType.Snapshot, all));
        }
        string imageId;
        try
        {
            // CreateImage takes no ClientToken (botocore ec2, CreateImageRequest); AMI names are unique per account and
            // region, so an SDK retry after a lost answer would be refused as InvalidAMIName.Duplicate and the run would
            // fail although its image exists. Sent without SDK retries; a lost answer or a duplicate name is looked up.
            var created = await Ec2Calls.RunAsync(resource.Region, "CreateImage", () => aws.Ec2WithoutRetries(resource.Region, account).CreateImageAsync(new CreateImageRequest
            {
                InstanceId = resource.ResourceId,
                Name = name,
                Description = $"DrService source backup of {resource.ResourceId}",
                NoReboot = true,
                TagSpecifications = specs,
            }, cancellationToken));
            imageId = created.ImageId;
        }
        catch (Exception ex) when (Ec2Calls.IsAmbiguous(ex, cancellationToken) || ex is AwsServiceException { ErrorCode: "InvalidAMIName.Duplicate" })
        {
            // The image named so, tagged ours for this instance, is this run's (names are unique per run): adopt it.
            var found = await DescribeOwnedAsync(resource.Region, account,
                [new Filter("name", [name]), Ec2Tags.Filter(OwnershipTags.ResourceId, resource.ResourceId), Ec2Tags.Filter(OwnershipTags.ManagedBy, OwnershipTags.ManagedByValue)],
                cancellationToken);
            var made = found.Select(i => i.ImageId).Order(StringComparer.Ordinal).FirstOrDefault();
            if (made is null)
            {
                throw;
            }
            imageId = made;
        }
        return new Artifact(Kind, resource.Region, imageId, resource.ResourceId, time.GetUtcNow(), ArtifactState.Pending)
        {
            Arn = Ec2Calls.Arn(resource.Region, "image", imageId),
            Name = name,
            Tags = all,
        };
    }

    public async Task<IReadOnlyList<Artifact>> ListCopiesAsync(string region, string? application, string account, CancellationToken cancellationToken)
    {
        var images = await DescribeOwnedAsync(region, account, Ec2Tags.Owned(application), cancellationToken);
        return [.. images.Select(i => ToArtifact(region, i))];
    }

    public async Task<IReadOnlyList<Artifact>> DescribeAsync(string region, IReadOnlyCollection<string> ids, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<Artifact>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            found.AddRange((await DescribeByIdsAsync(region, account, chunk, cancellationToken)).Select(i => ToArtifact(region, i)));
        }
        return found;
    }

    private async Task<List<Image>> DescribeByIdsAsync(string region, string account, string[] ids, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(region, account);
        try
        {
            return await Ec2Calls.AllPagesAsync(
                region,
                "DescribeImages",
                token => ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [.. ids], NextToken = token }, cancellationToken),
                r => r.Images,
                r => r.NextToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == ImageNotFound)
        {
            // One unknown id fails the whole list; the image-id filter just leaves it out.
            return await DescribeOwnedAsync(region, account, [new Filter("image-id", [.. ids])], cancellationToken);
        }
    }

    private Task<List<Image>> DescribeOwnedAsync(string region, string account, List<Filter> filters, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(region, account);
        return Ec2Calls.AllPagesAsync(
            region,
            "DescribeImages",
            token => ec2.DescribeImagesAsync(new DescribeImagesRequest
            {
                Owners = ["self"],
                Filters = filters,
                MaxResults = PageSize,
                NextToken = token,
            }, cancellationToken),
            r => r.Images,
            r => r.NextToken);
    }
}
