using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>An RDS DB instance as DescribeDBInstances reports it (the fields DrService uses).</summary>
public sealed record DbInstance(
    string Identifier,
    string Arn,
    string Status,
    string Engine,
    string? EngineVersion,
    string? InstanceClass,
    string? AvailabilityZone,
    bool MultiAz,
    bool StorageEncrypted,
    string? KmsKeyId,
    string? EndpointAddress,
    int? EndpointPort,
    string? ReadReplicaSourceDBInstanceIdentifier,
    IReadOnlyList<string> ReadReplicaDBInstanceIdentifiers,
    IReadOnlyList<DbInstanceStatusInfo> StatusInfos,
    string? DBClusterIdentifier,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset? InstanceCreateTime,
    int? AllocatedStorage)
{
    /// <summary>True when this instance replicates from another one (same or another region).</summary>
    public bool IsReadReplica => !string.IsNullOrEmpty(ReadReplicaSourceDBInstanceIdentifier);

    internal static DbInstance From(XElement e)
    {
        var endpoint = e.Child("Endpoint");
        return new(
            e.Text("DBInstanceIdentifier"),
            e.Text("DBInstanceArn"),
            e.Text("DBInstanceStatus"),
            e.Text("Engine"),
            e.ChildValue("EngineVersion"),
            e.ChildValue("DBInstanceClass"),
            e.ChildValue("AvailabilityZone"),
            e.Bool("MultiAZ"),
            e.Bool("StorageEncrypted"),
            e.ChildValue("KmsKeyId"),
            endpoint?.ChildValue("Address"),
            endpoint?.Int("Port"),
            NullIfEmpty(e.ChildValue("ReadReplicaSourceDBInstanceIdentifier")),
            e.Strings("ReadReplicaDBInstanceIdentifiers"),
            e.Child("StatusInfos")?.Elements().Select(DbInstanceStatusInfo.From).ToList() ?? [],
            NullIfEmpty(e.ChildValue("DBClusterIdentifier")),
            e.Tags(),
            e.Time("InstanceCreateTime"),
            e.Int("AllocatedStorage"));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>One <c>StatusInfos</c> entry (for a read replica: StatusType "read replication", Status "replicating"/"error"...).</summary>
public sealed record DbInstanceStatusInfo(string StatusType, string Status, bool Normal, string? Message)
{
    internal static DbInstanceStatusInfo From(XElement e) =>
        new(e.Text("StatusType"), e.Text("Status"), e.Bool("Normal"), e.ChildValue("Message"));
}
