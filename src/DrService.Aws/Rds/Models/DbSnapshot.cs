using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>A DB instance snapshot (manual, automated, or a cross-region copy: then SourceRegion is set).</summary>
public sealed record DbSnapshot(
    string Identifier,
    string Arn,
    string InstanceIdentifier,
    string? SnapshotType,
    string Status,
    int? PercentProgress,
    DateTimeOffset? SnapshotCreateTime,
    DateTimeOffset? OriginalSnapshotCreateTime,
    string? Engine,
    int? AllocatedStorage,
    bool Encrypted,
    string? KmsKeyId,
    string? SourceRegion,
    string? SourceDBSnapshotIdentifier,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>
    /// The option group the snapshot was taken with (<c>default:{engine}-{major}</c> unless the instance had its own):
    /// a cross-region copy of a snapshot with a non-default one names a DR-region option group (CopyDBSnapshot OptionGroupName).
    /// </summary>
    public string? OptionGroupName { get; init; }

    internal static DbSnapshot From(XElement e) => new(
        e.Text("DBSnapshotIdentifier"),
        e.Text("DBSnapshotArn"),
        e.Text("DBInstanceIdentifier"),
        e.ChildValue("SnapshotType"),
        e.Text("Status"),
        e.Int("PercentProgress"),
        e.Time("SnapshotCreateTime"),
        e.Time("OriginalSnapshotCreateTime"),
        e.ChildValue("Engine"),
        e.Int("AllocatedStorage"),
        e.Bool("Encrypted"),
        e.ChildValue("KmsKeyId"),
        e.ChildValue("SourceRegion"),
        e.ChildValue("SourceDBSnapshotIdentifier"),
        e.Tags())
    {
        OptionGroupName = e.ChildValue("OptionGroupName"),
    };
}
