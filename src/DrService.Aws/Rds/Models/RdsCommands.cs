namespace DrService.Aws.Rds;

/// <summary>
/// CopyDBSnapshot into the destination region (the region the call is made in). <see cref="SourceRegion"/> different
/// from it makes the client compute the PreSignedUrl the way the official SDKs do; <see cref="SourceSnapshotArn"/>
/// must then be the source snapshot's ARN.
/// </summary>
public sealed record DbSnapshotCopy(
    string SourceSnapshotArn,
    string TargetSnapshotIdentifier,
    string? SourceRegion = null,
    string? KmsKeyId = null,
    bool? CopyTags = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? OptionGroupName = null);

/// <summary>CopyDBClusterSnapshot, same rules as <see cref="DbSnapshotCopy"/>.</summary>
public sealed record DbClusterSnapshotCopy(
    string SourceSnapshotArn,
    string TargetSnapshotIdentifier,
    string? SourceRegion = null,
    string? KmsKeyId = null,
    bool? CopyTags = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>
/// CreateDBInstance (the sandbox's demo estate, tests, and an Aurora cluster's writer after a cluster restore). In an
/// Aurora cluster (<see cref="DBClusterIdentifier"/>) the master user and storage are the cluster's: pass null for
/// <see cref="MasterUsername"/>, <see cref="MasterUserPassword"/> and <see cref="AllocatedStorage"/> (botocore rds
/// 2014-10-31 CreateDBInstanceMessage: "This setting doesn't apply to Amazon Aurora DB instances").
/// </summary>
public sealed record DbInstanceCreate(
    string Identifier,
    string InstanceClass,
    string Engine,
    string? MasterUsername,
    string? MasterUserPassword,
    int? AllocatedStorage = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    bool? StorageEncrypted = null,
    string? KmsKeyId = null,
    string? DBClusterIdentifier = null);

/// <summary>
/// CreateDBInstanceReadReplica in the call's region. Cross-region: <see cref="SourceInstanceIdentifier"/> is the source
/// instance's ARN and <see cref="SourceRegion"/> its region (then a PreSignedUrl is sent, as the SDKs do).
/// </summary>
public sealed record DbReadReplicaCreate(
    string Identifier,
    string SourceInstanceIdentifier,
    string? SourceRegion = null,
    string? InstanceClass = null,
    string? KmsKeyId = null,
    bool? MultiAz = null,
    string? DBSubnetGroupName = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>RestoreDBInstanceFromDBSnapshot (Tier B failover: restore from the newest copy in the DR region).</summary>
public sealed record DbInstanceRestore(
    string Identifier,
    string SnapshotIdentifier,
    string? InstanceClass = null,
    string? DBSubnetGroupName = null,
    IReadOnlyList<string>? VpcSecurityGroupIds = null,
    bool? MultiAz = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>RestoreDBClusterFromSnapshot (Aurora; the cluster's instances are created separately).</summary>
public sealed record DbClusterRestore(
    string Identifier,
    string SnapshotIdentifier,
    string Engine,
    string? DBSubnetGroupName = null,
    IReadOnlyList<string>? VpcSecurityGroupIds = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>CreateDBCluster (Aurora, for tests and the sandbox).</summary>
public sealed record DbClusterCreate(
    string Identifier,
    string Engine,
    string MasterUsername,
    string MasterUserPassword,
    bool? StorageEncrypted = null,
    string? KmsKeyId = null,
    IReadOnlyDictionary<string, string>? Tags = null);
