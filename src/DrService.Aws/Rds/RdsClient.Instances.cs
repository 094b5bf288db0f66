using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>DB instances: describe, create, read replicas, promote, restore, delete.</summary>
public sealed partial class RdsClient
{
    public Task<IReadOnlyList<DbInstance>> DescribeDBInstancesAsync(string region, DbInstanceQuery? query = null, string account = "default", CancellationToken cancellationToken = default) =>
        DescribeAsync(region, account, RdsRequests.DescribeDBInstances(query ?? new(), PageSize), "DBInstances", DbInstance.From, cancellationToken);

    public async Task<DbInstance> CreateDBInstanceAsync(string region, DbInstanceCreate create, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        return await InstanceAsync(region, account, RdsRequests.CreateDBInstance(create), cancellationToken);
    }

    public async Task<DbInstance> CreateDBInstanceReadReplicaAsync(string region, DbReadReplicaCreate replica, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var request = await BuildCreateDBInstanceReadReplicaAsync(region, replica, account, cancellationToken);
        return await InstanceAsync(region, account, request, cancellationToken);
    }

    public Task<DbInstance> PromoteReadReplicaAsync(string region, string instanceIdentifier, int? backupRetentionPeriod = null, string account = "default", CancellationToken cancellationToken = default) =>
        InstanceAsync(region, account, RdsRequests.PromoteReadReplica(instanceIdentifier, backupRetentionPeriod), cancellationToken);

    public async Task<DbInstance> RestoreDBInstanceFromDBSnapshotAsync(string region, DbInstanceRestore restore, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return await InstanceAsync(region, account, RdsRequests.RestoreDBInstanceFromDBSnapshot(restore), cancellationToken);
    }

    public Task<DbInstance> DeleteDBInstanceAsync(string region, string instanceIdentifier, string account = "default", CancellationToken cancellationToken = default) =>
        InstanceAsync(region, account, RdsRequests.DeleteDBInstance(instanceIdentifier), cancellationToken);

    private async Task<DbInstance> InstanceAsync(string region, string account, QueryRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(region, account, request, cancellationToken);
        return DbInstance.From(Required(result, "DBInstance", request.Action));
    }

    private static XElement Required(XElement result, string name, string action) =>
        result.Child(name)
        ?? throw new InvalidOperationException($"RDS {action} answered without a {name} element");
}
