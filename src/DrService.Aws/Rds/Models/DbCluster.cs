using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>An Aurora (or Multi-AZ) DB cluster as DescribeDBClusters reports it.</summary>
public sealed record DbCluster(
    string Identifier,
    string Arn,
    string Status,
    string Engine,
    IReadOnlyList<DbClusterMember> Members,
    string? ReplicationSourceIdentifier,
    string? GlobalWriteForwardingStatus,
    bool StorageEncrypted,
    string? KmsKeyId,
    string? Endpoint,
    string? ReaderEndpoint,
    IReadOnlyDictionary<string, string> Tags)
{
    internal static DbCluster From(XElement e) => new(
        e.Text("DBClusterIdentifier"),
        e.Text("DBClusterArn"),
        e.Text("Status"),
        e.Text("Engine"),
        e.Child("DBClusterMembers")?.Elements().Select(DbClusterMember.From).ToList() ?? [],
        e.ChildValue("ReplicationSourceIdentifier") is { Length: > 0 } source ? source : null,
        e.ChildValue("GlobalWriteForwardingStatus"),
        e.Bool("StorageEncrypted"),
        e.ChildValue("KmsKeyId"),
        e.ChildValue("Endpoint"),
        e.ChildValue("ReaderEndpoint"),
        e.Tags());
}

/// <summary>One instance of a cluster; the writer has <see cref="IsClusterWriter"/>.</summary>
public sealed record DbClusterMember(string DBInstanceIdentifier, bool IsClusterWriter)
{
    internal static DbClusterMember From(XElement e) => new(e.Text("DBInstanceIdentifier"), e.Bool("IsClusterWriter"));
}
