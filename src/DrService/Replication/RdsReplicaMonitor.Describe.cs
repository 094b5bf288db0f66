using DrService.Aws.Rds;

namespace DrService.Replication;

/// <summary>The DB instances found in one (account, region), or why they could not be described.</summary>
internal sealed record RegionInstances(string Region, IReadOnlyDictionary<string, DbInstance> Instances, AwsFailure? Failure)
{
    public DbInstance? Find(string identifier) => Instances.GetValueOrDefault(identifier);
}

/// <summary>The global databases of one account, or why they could not be described.</summary>
internal sealed record GlobalLookup(IReadOnlyDictionary<string, GlobalCluster> Clusters, AwsFailure? Failure);

public sealed partial class RdsReplicaMonitor
{
    private async Task<Dictionary<(string Account, string Region), RegionInstances>> DescribeInstancesAsync(ReplicaPlan plan, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), RegionInstances>();
        foreach (var ((account, region), ids) in plan.Lookups())
        {
            var instances = new Dictionary<string, DbInstance>(StringComparer.OrdinalIgnoreCase);
            AwsFailure? failure = null;
            try
            {
                foreach (var chunk in ids.Chunk(IdsPerDescribe))
                {
                    var query = new DbInstanceQuery(Filters: [new RdsFilter("db-instance-id", chunk)]);
                    foreach (var instance in await rds.DescribeDBInstancesAsync(region, query, account, cancellationToken))
                    {
                        instances[instance.Identifier] = instance;
                    }
                }
            }
            catch (Exception ex) when (AwsFailure.IsAws(ex))
            {
                failure = AwsFailure.From(ex, "rds", region, "DescribeDBInstances");
                LogAwsFailure(logger, "DescribeDBInstances", region, failure.Code);
            }
            found[(account, region)] = new RegionInstances(region, instances, failure);
        }
        return found;
    }

    /// <summary>One DescribeGlobalClusters per account, in the DR region (global databases are visible from every member region).</summary>
    private async Task<Dictionary<string, GlobalLookup>> DescribeGlobalsAsync(ReplicaPlan plan, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, GlobalLookup>(StringComparer.Ordinal);
        foreach (var account in plan.Globals.Select(g => g.Account).Distinct(StringComparer.Ordinal))
        {
            try
            {
                var clusters = await rds.DescribeGlobalClustersAsync(plan.DrRegion, account: account, cancellationToken: cancellationToken);
                found[account] = new GlobalLookup(clusters.ToDictionary(c => c.Identifier, StringComparer.OrdinalIgnoreCase), null);
            }
            catch (Exception ex) when (AwsFailure.IsAws(ex))
            {
                var failure = AwsFailure.From(ex, "rds", plan.DrRegion, "DescribeGlobalClusters");
                LogAwsFailure(logger, "DescribeGlobalClusters", plan.DrRegion, failure.Code);
                found[account] = new GlobalLookup(new Dictionary<string, GlobalCluster>(), failure);
            }
        }
        return found;
    }
}
