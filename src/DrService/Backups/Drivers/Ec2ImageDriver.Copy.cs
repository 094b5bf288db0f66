using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws.Errors;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

public sealed partial class Ec2ImageDriver
{
    /// <summary>
    /// CreateImage tags the AMI's snapshots in the same call (true on AWS). moto 5.2.1 answers a snapshot tag
    /// specification on CreateImage with NotImplementedError, so tests against it turn this off.
    /// </summary>
    internal bool TagSnapshotsOnCreate { get; init; } = true;

    /// <summary>
    /// After CopyImage, apply the copy's tags again with CreateTags (one more call). Off on AWS, where CopyImage's
    /// TagSpecifications tag the copy atomically; on for moto 5.2.1, which ignores CopyImage's TagSpecifications.
    /// </summary>
    internal bool RetagAfterCopy { get; init; }

    /// <summary>
    /// CopyImage in the destination region: Name = the order's target name, ClientToken = a hash of the order key and
    /// attempt (a retried order returns the same copy; an attempt after AWS failed the copy makes a new one), the ownership tags (and the source's, see <see cref="Ec2Tags.ForCopy"/>) on
    /// the new AMI and its new snapshots in the same call, CopyImageTags when the source's tags are wanted.
    /// </summary>
    public async Task<string> StartCopyAsync(CopyOrder order, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var region = order.DestinationRegion;
        var ec2 = aws.Ec2(region, account);
        var tags = Ec2Tags.ForCopy(order);
        var request = new CopyImageRequest
        {
            SourceRegion = order.Source.Region,
            SourceImageId = order.Source.Id,
            Name = order.TargetName,
            Description = $"DrService copy of {order.Source.Id} from {order.Source.Region}",
            ClientToken = ClientToken(order.IdempotencyKey),
            CopyImageTags = order.CopySourceTags,
            TagSpecifications = [Ec2Tags.Spec(ResourceType.Image, tags), Ec2Tags.Spec(ResourceType.Snapshot, order.Tags)],
        };
        // Unlike CopyDBClusterSnapshot, EC2 accepts a key for an unencrypted source when Encrypted is true (botocore ec2,
        // CopySnapshotRequest/CopyImageRequest.KmsKeyId: "If KmsKeyId is specified, the encrypted state must be true"):
        // the copy is encrypted with it (issue 14, item 2; docs/design/aws-facts.md).
        if (order.KmsKeyId is not null)
        {
            request.Encrypted = true;
            request.KmsKeyId = order.KmsKeyId;
        }
        var copied = await Ec2Calls.RunAsync(region, "CopyImage", () => ec2.CopyImageAsync(request, cancellationToken));
        if (RetagAfterCopy)
        {
            await Ec2Calls.RunAsync(region, "CreateTags", () => ec2.CreateTagsAsync(new CreateTagsRequest
            {
                Resources = [copied.ImageId],
                Tags = Ec2Tags.Spec(ResourceType.Image, tags).Tags,
            }, cancellationToken));
        }
        return copied.ImageId;
    }

    /// <summary>
    /// Refuses an artifact without the ownership tag. Reads the AMI once more (a copy listed while pending may not
    /// name its snapshots yet), deregisters it, then deletes each of its snapshots: one already gone is fine, one
    /// still in use (<c>InvalidSnapshot.InUse</c>) is surfaced.
    /// </summary>
    public async Task DeleteCopyAsync(Artifact copy, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        Ec2Calls.EnsureOwned(copy);
        var ec2 = aws.Ec2(copy.Region, account);
        var current = (await DescribeByIdsAsync(copy.Region, account, [copy.Id], cancellationToken)).FirstOrDefault();
        var snapshots = copy.BackingSnapshotIds.Union(current is null ? [] : SnapshotsOf(current), StringComparer.Ordinal).ToList();
        if (current is not null)
        {
            Ec2Calls.EnsureOwned(ToArtifact(copy.Region, current)); // AWS's tags now, not the caller's picture.
            await Ec2Calls.RunAsync(copy.Region, "DeregisterImage",
                () => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = copy.Id }, cancellationToken));
        }
        foreach (var snapshotId in snapshots)
        {
            try
            {
                await Ec2Calls.RunAsync(copy.Region, "DeleteSnapshot",
                    () => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshotId }, cancellationToken));
            }
            catch (AwsServiceException e) when (e.ErrorCode == SnapshotNotFound)
            {
                // Already gone: the goal is reached.
            }
        }
    }

    /// <summary>A stable ClientToken (64 hex characters, EC2's maximum) for an order key.</summary>
    internal static string ClientToken(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
