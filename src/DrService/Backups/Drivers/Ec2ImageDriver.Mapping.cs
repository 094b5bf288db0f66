using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

public sealed partial class Ec2ImageDriver
{
    private const string ImageNotFound = "InvalidAMIID.NotFound";
    private const string SnapshotNotFound = "InvalidSnapshot.NotFound";

    /// <summary>
    /// An AMI as an artifact. Its resource is the instance AWS records (SourceInstanceId, set by CreateImage), else our
    /// <c>dr:resource-id</c> tag (copies have no source instance).
    /// </summary>
    internal static Artifact ToArtifact(string region, Image image)
    {
        var tags = Ec2Tags.ToDictionary(image.Tags);
        var ebs = (image.BlockDeviceMappings ?? []).Select(m => m.Ebs).OfType<EbsBlockDevice>().ToList();
        return new Artifact(
            ArtifactKind.Image,
            region,
            image.ImageId,
            image.SourceInstanceId ?? tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? "",
            CreatedAt(image.CreationDate),
            StateOf(image.State))
        {
            Arn = Ec2Calls.Arn(region, "image", image.ImageId),
            Name = image.Name,
            Encrypted = ebs.Any(e => e.Encrypted == true),
            KmsKeyId = ebs.Select(e => e.KmsKeyId).FirstOrDefault(k => !string.IsNullOrEmpty(k)),
            SizeGiB = ebs.Count == 0 ? null : ebs.Sum(e => (long)(e.VolumeSize ?? 0)),
            Tags = tags,
            BackingSnapshotIds = SnapshotsOf(image),
        };
    }

    internal static List<string> SnapshotsOf(Image image) =>
        [.. (image.BlockDeviceMappings ?? []).Select(m => m.Ebs?.SnapshotId).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>available, pending, failed (and error, invalid); deregistered and disabled are on their way out.</summary>
    internal static ArtifactState StateOf(ImageState? state) => state?.Value switch
    {
        "available" => ArtifactState.Available,
        "failed" or "error" or "invalid" => ArtifactState.Failed,
        "deregistered" or "disabled" => ArtifactState.Deleting,
        _ => ArtifactState.Pending,
    };

    private static DateTimeOffset CreatedAt(string? creationDate) =>
        DateTimeOffset.TryParse(creationDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : DateTimeOffset.UnixEpoch;
}
