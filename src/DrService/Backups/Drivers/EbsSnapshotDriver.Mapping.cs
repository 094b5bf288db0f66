using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

public sealed partial class EbsSnapshotDriver
{
    private const string NotFound = "InvalidSnapshot.NotFound";

    /// <summary>
    /// A snapshot as an artifact. Its resource is <paramref name="resourceId"/> when known (a source snapshot's volume),
    /// else the <c>dr:resource-id</c> tag (a copy's VolumeId is AWS's placeholder <c>vol-ffffffff</c>), else its VolumeId.
    /// </summary>
    internal static Artifact ToArtifact(string region, Snapshot snapshot, string? resourceId = null)
    {
        var tags = Ec2Tags.ToDictionary(snapshot.Tags);
        return new Artifact(
            ArtifactKind.EbsSnapshot,
            region,
            snapshot.SnapshotId,
            resourceId ?? tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? snapshot.VolumeId ?? "",
            Ec2Calls.Utc(snapshot.StartTime),
            StateOf(snapshot.State))
        {
            Arn = Ec2Calls.Arn(region, "snapshot", snapshot.SnapshotId),
            Progress = ProgressOf(snapshot.Progress),
            Encrypted = snapshot.Encrypted ?? false,
            KmsKeyId = snapshot.KmsKeyId,
            SizeGiB = snapshot.VolumeSize,
            Tags = tags,
        };
    }

    /// <summary>pending, completed, error; recovering (out of the Recycle Bin) is pending, recoverable (in it) is going.</summary>
    internal static ArtifactState StateOf(SnapshotState? state) => state?.Value switch
    {
        "completed" => ArtifactState.Available,
        "error" => ArtifactState.Failed,
        "recoverable" => ArtifactState.Deleting,
        _ => ArtifactState.Pending,
    };

    /// <summary>"NN%" as a number; null when AWS says nothing.</summary>
    internal static int? ProgressOf(string? progress) =>
        int.TryParse(progress?.TrimEnd('%').Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) ? percent : null;

    private static string Description(CopyOrder order)
    {
        var text = $"{order.TargetName}: DrService copy of {order.Source.Id} from {order.Source.Region}";
        return text.Length <= 255 ? text : text[..255];
    }
}
