using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws;
using DrService.Aws.Errors;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Drivers;

/// <summary>
/// EBS volumes protected by snapshots copied across regions. Every listing is a few paginated calls per region:
/// volumes by id filter (200 ids a chunk) and by tags, snapshots by volume-id filter (200 ids a chunk), copies by the
/// ownership tags.
/// </summary>
public sealed partial class EbsSnapshotDriver(IAwsClientFactory aws) : IArtifactDriver
{
    /// <summary>MaxResults of every paginated Describe* (tests lower it to force pages).</summary>
    internal int PageSize { get; init; } = Ec2Calls.MaxPageSize;

    /// <summary>Ids per filter or per SnapshotIds list (tests lower it to force chunks).</summary>
    internal int ChunkSize { get; init; } = Ec2Calls.MaxFilterValues;

    public ArtifactKind Kind => ArtifactKind.EbsSnapshot;

    public async Task<IReadOnlyList<ProtectedResource>> DiscoverAsync(string application, string region, ResourceSelector selector, string account, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(region, account);
        var volumes = await Ec2Calls.SelectAsync(selector, "volume-id", ChunkSize, filters => Ec2Calls.AllPagesAsync(
            region,
            "DescribeVolumes",
            token => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = filters, MaxResults = PageSize, NextToken = token }, cancellationToken),
            r => r.Volumes,
            r => r.NextToken), v => v.VolumeId);
        return [.. volumes
            .Where(v => v.State != VolumeState.Deleting && v.State != VolumeState.Deleted)
            .Select(v => new ProtectedResource(application, Kind, region, v.VolumeId)
            {
                Arn = v.VolumeArn,
                Tags = Ec2Tags.ToDictionary(v.Tags),
                SizeGiB = v.Size,
                Detail = v.AvailabilityZone,
                Facts = v.Attachments?.FirstOrDefault(a => a.State?.Value is "attached" or "attaching") is { InstanceId: { } instance, Device: { } device }
                    ? new Dictionary<string, string>(StringComparer.Ordinal) { [OwnershipTags.AttachedTo] = instance, [OwnershipTags.Device] = device }
                    : new Dictionary<string, string>(),
            })];
    }

    public async Task<IReadOnlyList<Artifact>> ListSourceArtifactsAsync(string region, IReadOnlyCollection<string> resourceIds, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var found = new List<Artifact>();
        foreach (var chunk in resourceIds.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            var snapshots = await DescribeOwnedAsync(region, account, [new Filter("volume-id", [.. chunk])], cancellationToken);
            found.AddRange(snapshots.Select(s => ToArtifact(region, s, s.VolumeId)));
        }
        return found;
    }

    public async Task<Artifact> CreateSourceArtifactAsync(ProtectedResource resource, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(tags);
        var all = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        all.TryAdd("Name", name);
        Snapshot snapshot;
        try
        {
            // CreateSnapshot takes no ClientToken (botocore ec2, CreateSnapshotRequest): an SDK retry of a lost answer
            // would take a second snapshot, so it is sent without SDK retries and a lost answer is looked up instead.
            var created = await Ec2Calls.RunAsync(resource.Region, "CreateSnapshot", () => aws.Ec2WithoutRetries(resource.Region, account).CreateSnapshotAsync(new CreateSnapshotRequest
            {
                VolumeId = resource.ResourceId,
                Description = name,
                TagSpecifications = [Ec2Tags.Spec(ResourceType.Snapshot, all)],
            }, cancellationToken));
            snapshot = created.Snapshot;
        }
        catch (Exception ex) when (Ec2Calls.IsAmbiguous(ex, cancellationToken))
        {
            // The tags are set in the same call, and the name is unique per run (CopyNames.ForSource): the snapshot of
            // this volume named so, tagged ours, is this call's (issue 14, item 12). Otherwise the failure stands.
            var found = await DescribeOwnedAsync(resource.Region, account,
                [new Filter("volume-id", [resource.ResourceId]), Ec2Tags.Filter("Name", name), Ec2Tags.Filter(OwnershipTags.ManagedBy, OwnershipTags.ManagedByValue)],
                cancellationToken);
            var made = found.OrderBy(s => s.StartTime).ThenBy(s => s.SnapshotId, StringComparer.Ordinal).FirstOrDefault();
            if (made is null)
            {
                throw;
            }
            snapshot = made;
        }
        return ToArtifact(resource.Region, snapshot, resource.ResourceId) with
        {
            Tags = snapshot.Tags is { Count: > 0 } ? Ec2Tags.ToDictionary(snapshot.Tags) : all,
        };
    }

    public async Task<IReadOnlyList<Artifact>> ListCopiesAsync(string region, string? application, string account, CancellationToken cancellationToken)
    {
        var snapshots = await DescribeOwnedAsync(region, account, Ec2Tags.Owned(application), cancellationToken);
        return [.. snapshots.Select(s => ToArtifact(region, s))];
    }

    public async Task<string> StartCopyAsync(CopyOrder order, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var request = new CopySnapshotRequest
        {
            SourceRegion = order.Source.Region,
            SourceSnapshotId = order.Source.Id,
            Description = Description(order),
            TagSpecifications = [Ec2Tags.Spec(ResourceType.Snapshot, Ec2Tags.ForCopy(order))],
        };
        // Unlike CopyDBClusterSnapshot, EC2 accepts a key for an unencrypted source when Encrypted is true (botocore ec2,
        // CopySnapshotRequest/CopyImageRequest.KmsKeyId: "If KmsKeyId is specified, the encrypted state must be true"):
        // the copy is encrypted with it (issue 14, item 2; docs/design/aws-facts.md).
        if (order.KmsKeyId is not null)
        {
            request.Encrypted = true;
            request.KmsKeyId = order.KmsKeyId;
        }
        var region = order.DestinationRegion;
        if (order.MayExist && await FindCopyAsync(region, order, account, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        try
        {
            // CopySnapshot takes no ClientToken (botocore ec2, CopySnapshotRequest): the SDK's own retry of a 5xx or a
            // timeout would make a second copy when the first call took effect, so it is sent without SDK retries.
            var copied = await Ec2Calls.RunAsync(region, "CopySnapshot",
                () => aws.Ec2WithoutRetries(region, account).CopySnapshotAsync(request, cancellationToken));
            return copied.SnapshotId;
        }
        catch (Exception ex) when (Ec2Calls.IsAmbiguous(ex, cancellationToken))
        {
            // The answer was lost, maybe not the copy: adopt it when its dr:copy-key tag (set in the same call) shows
            // it. Otherwise the failure stands; the engine re-issues later with MayExist and looks again first, by
            // which time EC2's eventually consistent reads have caught up (issue 14, item 12; docs/design/aws-facts.md).
            if (await FindCopyAsync(region, order, account, cancellationToken) is { } made)
            {
                return made;
            }
            throw;
        }
    }

    /// <summary>The id of an owned copy made for <paramref name="order"/> (tag dr:copy-key), pending or completed; null when none.</summary>
    private async Task<string?> FindCopyAsync(string region, CopyOrder order, string account, CancellationToken cancellationToken)
    {
        var found = await DescribeOwnedAsync(region, account,
            [Ec2Tags.Filter(OwnershipTags.ManagedBy, OwnershipTags.ManagedByValue), Ec2Tags.Filter(OwnershipTags.CopyKey, order.Key)], cancellationToken);
        return found.Select(s => ToArtifact(region, s))
            .Where(a => a.IsOwned && a.State is ArtifactState.Pending or ArtifactState.Available)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .FirstOrDefault()?.Id;
    }

    public async Task<IReadOnlyList<Artifact>> DescribeAsync(string region, IReadOnlyCollection<string> ids, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var ec2 = aws.Ec2(region, account);
        var found = new List<Artifact>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            List<Snapshot> snapshots;
            try
            {
                snapshots = await Ec2Calls.AllPagesAsync(
                    region,
                    "DescribeSnapshots",
                    token => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [.. chunk], NextToken = token }, cancellationToken),
                    r => r.Snapshots,
                    r => r.NextToken);
            }
            catch (AwsServiceException e) when (e.ErrorCode == NotFound)
            {
                // One unknown id fails the whole list; the snapshot-id filter just leaves it out.
                snapshots = await DescribeOwnedAsync(region, account, [new Filter("snapshot-id", [.. chunk])], cancellationToken);
            }
            found.AddRange(snapshots.Select(s => ToArtifact(region, s)));
        }
        return found;
    }

    public async Task DeleteCopyAsync(Artifact copy, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        Ec2Calls.EnsureOwned(copy);
        try
        {
            await Ec2Calls.RunAsync(copy.Region, "DeleteSnapshot",
                () => aws.Ec2(copy.Region, account).DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = copy.Id }, cancellationToken));
        }
        catch (AwsServiceException e) when (e.ErrorCode == NotFound)
        {
            // Already gone (an earlier attempt deleted it): the goal is reached.
        }
    }

    private Task<List<Snapshot>> DescribeOwnedAsync(string region, string account, List<Filter> filters, CancellationToken cancellationToken)
    {
        var ec2 = aws.Ec2(region, account);
        return Ec2Calls.AllPagesAsync(
            region,
            "DescribeSnapshots",
            token => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest
            {
                OwnerIds = ["self"],
                Filters = filters,
                MaxResults = PageSize,
                NextToken = token,
            }, cancellationToken),
            r => r.Snapshots,
            r => r.NextToken);
    }
}
