using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>An Aurora global database: one writer cluster and secondary clusters in other regions.</summary>
public sealed record GlobalCluster(
    string Identifier,
    string? Arn,
    string Status,
    string? Engine,
    string? EngineVersion,
    bool StorageEncrypted,
    IReadOnlyList<GlobalClusterMember> Members)
{
    internal static GlobalCluster From(XElement e) => new(
        e.Text("GlobalClusterIdentifier"),
        e.ChildValue("GlobalClusterArn"),
        e.Text("Status"),
        e.ChildValue("Engine"),
        e.ChildValue("EngineVersion"),
        e.Bool("StorageEncrypted"),
        e.Child("GlobalClusterMembers")?.Elements().Select(GlobalClusterMember.From).ToList() ?? []);
}

/// <summary>A member cluster of a global database, by ARN; readers are the writer's secondary clusters.</summary>
public sealed record GlobalClusterMember(string DBClusterArn, bool IsWriter, IReadOnlyList<string> Readers, string? GlobalWriteForwardingStatus)
{
    internal static GlobalClusterMember From(XElement e) =>
        new(e.Text("DBClusterArn"), e.Bool("IsWriter"), e.Strings("Readers"), e.ChildValue("GlobalWriteForwardingStatus"));
}
