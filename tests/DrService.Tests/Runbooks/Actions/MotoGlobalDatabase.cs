using DrService.Aws.Protocol;
using DrService.Aws.Rds;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// An Aurora global database in moto, built as an operator's tooling would: a writer cluster in
/// <c>writerRegion</c> made the primary of global database <c>id</c>, and a secondary cluster in <c>secondaryRegion</c>
/// with one instance (its writer once detached). moto 5.2.1 keeps global databases in us-east-1 and serves
/// CreateGlobalCluster and RemoveFromGlobalCluster only for clusters there, so tests that detach put the secondary in
/// us-east-1 (and make it the DR region).
/// </summary>
internal static class MotoGlobalDatabase
{
    public static async Task<(string WriterArn, string SecondaryArn)> CreateAsync(IRdsClient rds, AwsQueryClient query, string id, string writerRegion, string secondaryRegion)
    {
        // A global database without a source (engine given), then the writer joins it: works in moto from any region.
        await query.CallAsync(writerRegion, "default", new QueryRequest("rds", "2014-10-31", "CreateGlobalCluster")
            .With("GlobalClusterIdentifier", id).With("Engine", "aurora-postgresql"), default);
        var writer = await ClusterAsync(query, rds, writerRegion, $"{id}-writer", id);
        var secondary = await ClusterAsync(query, rds, secondaryRegion, $"{id}-secondary", id);
        await rds.CreateDBInstanceAsync(secondaryRegion, new DbInstanceCreate($"{id}-secondary-1", "db.r6g.large", "aurora-postgresql", null, null, DBClusterIdentifier: secondary.Identifier));
        return (writer.Arn, secondary.Arn);
    }

    private static async Task<DbCluster> ClusterAsync(AwsQueryClient query, IRdsClient rds, string region, string name, string global)
    {
        await query.CallAsync(region, "default", new QueryRequest("rds", "2014-10-31", "CreateDBCluster")
            .With("DBClusterIdentifier", name).With("Engine", "aurora-postgresql")
            .With("MasterUsername", "estate").With("MasterUserPassword", "estate-password-1").With("GlobalClusterIdentifier", global), default);
        return Assert.Single(await rds.DescribeDBClustersAsync(region, new DbClusterQuery(name)));
    }
}
