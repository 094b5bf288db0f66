using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>An Aurora cluster snapshot (a cross-region copy names its source in SourceDBClusterSnapshotArn).</summary>
public sealed record DbClusterSnapshot(
    string Identifier,
    string Arn,
    string ClusterIdentifier,
    string? SnapshotType,
    string Status,
    int? PercentProgress,
    DateTimeOffset? SnapshotCreateTime,
    string? Engine,
    int? AllocatedStorage,
    bool StorageEncrypted,
    string? KmsKeyId,
    string? SourceDBClusterSnapshotArn,
    IReadOnlyDictionary<string, string> Tags)
{
    internal static DbClusterSnapshot From(XElement e) => new(
        e.Text("DBClusterSnapshotIdentifier"),
        e.Text("DBClusterSnapshotArn"),
        e.Text("DBClusterIdentifier"),
        e.ChildValue("SnapshotType"),
        e.Text("Status"),
        e.Int("PercentProgress"),
        e.Time("SnapshotCreateTime"),
        e.ChildValue("Engine"),
        e.Int("AllocatedStorage"),
        e.Bool("StorageEncrypted"),
        e.ChildValue("KmsKeyId"),
        e.ChildValue("SourceDBClusterSnapshotArn"),
        e.Tags());
}
