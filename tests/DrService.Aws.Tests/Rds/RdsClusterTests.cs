using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using DrService.Testing;

namespace DrService.Aws.Tests.Rds;

[Collection(MotoFixture.Collection)]
public sealed class RdsClusterTests(MotoFixture moto) : RdsMotoTestBase(moto)
{
    private Task<DbCluster> CreateAuroraAsync(string id) =>
        Rds.CreateDBClusterAsync(Primary, new DbClusterCreate(id, "aurora-postgresql", "admin", "secret-password-1",
            Tags: new Dictionary<string, string> { ["app"] = "orders" }), cancellationToken: Ct);

    [Fact]
    public async Task CreateDBCluster_Aurora_DescribeReturnsTheMappedCluster()
    {
        await CreateAuroraAsync("orders-aurora");

        var cluster = Assert.Single(await Rds.DescribeDBClustersAsync(Primary, new DbClusterQuery("orders-aurora"), cancellationToken: Ct));

        Assert.Equal("orders-aurora", cluster.Identifier);
        Assert.StartsWith("arn:aws:rds:us-east-1:", cluster.Arn, StringComparison.Ordinal);
        Assert.Equal("aurora-postgresql", cluster.Engine);
        Assert.False(string.IsNullOrEmpty(cluster.Endpoint));
        Assert.False(string.IsNullOrEmpty(cluster.ReaderEndpoint));
        Assert.Null(cluster.ReplicationSourceIdentifier);
        Assert.Equal("orders", cluster.Tags["app"]);
    }

    [Fact]
    public async Task ClusterSnapshot_CreateCopyCrossRegionDelete_Roundtrip()
    {
        await CreateAuroraAsync("snap-aurora");
        var tags = Owned("orders", "snap-aurora");
        var drKey = await MotoKms.CreateKeyAsync(MotoEndpoint, Dr, Ct);

        var source = await Rds.CreateDBClusterSnapshotAsync(Primary, "snap-aurora", "snap-aurora-1", tags, cancellationToken: Ct);
        var copy = await Rds.CopyDBClusterSnapshotAsync(
            Dr, new DbClusterSnapshotCopy(source.Arn, "snap-aurora-1-dr", Primary, KmsKeyId: drKey, Tags: tags), cancellationToken: Ct);
        var inDr = Assert.Single(await Rds.DescribeDBClusterSnapshotsAsync(Dr, new DbClusterSnapshotQuery(SnapshotIdentifier: "snap-aurora-1-dr"), cancellationToken: Ct));
        var copyTags = await Rds.ListTagsForResourceAsync(Dr, copy.Arn, cancellationToken: Ct);
        var deleted = await Rds.DeleteDBClusterSnapshotAsync(Dr, "snap-aurora-1-dr", cancellationToken: Ct);
        var afterDelete = await Rds.DescribeDBClusterSnapshotsAsync(Dr, new DbClusterSnapshotQuery(ClusterIdentifier: "snap-aurora"), cancellationToken: Ct);

        Assert.Equal("snap-aurora", source.ClusterIdentifier);
        Assert.Equal("manual", source.SnapshotType);
        Assert.StartsWith("arn:aws:rds:us-west-2:", copy.Arn, StringComparison.Ordinal);
        Assert.Equal("snap-aurora-1-dr", inDr.Identifier);
        Assert.Equal(tags, copyTags);
        Assert.Equal("snap-aurora-1-dr", deleted.Identifier);
        Assert.DoesNotContain(afterDelete, s => s.Identifier == "snap-aurora-1-dr");
    }

    [Fact]
    public async Task RestoreDBClusterFromSnapshot_FromClusterSnapshot_CreatesTaggedCluster()
    {
        await CreateAuroraAsync("restore-aurora");
        await Rds.CreateDBClusterSnapshotAsync(Primary, "restore-aurora", "restore-aurora-snap", cancellationToken: Ct);

        var restored = await Rds.RestoreDBClusterFromSnapshotAsync(
            Primary, new DbClusterRestore("restore-aurora-2", "restore-aurora-snap", "aurora-postgresql", Tags: Owned("orders", "restore-aurora")), cancellationToken: Ct);

        Assert.Equal("restore-aurora-2", restored.Identifier);
        var described = Assert.Single(await Rds.DescribeDBClustersAsync(Primary, new DbClusterQuery("restore-aurora-2"), cancellationToken: Ct));
        Assert.Equal("drservice", described.Tags["dr:managed-by"]);
    }

    [Fact]
    public async Task DeleteDBCluster_ExistingCluster_NoLongerListed()
    {
        await CreateAuroraAsync("doomed-aurora");

        await Rds.DeleteDBClusterAsync(Primary, "doomed-aurora", cancellationToken: Ct);

        var clusters = await Rds.DescribeDBClustersAsync(Primary, cancellationToken: Ct);
        Assert.DoesNotContain(clusters, c => c.Identifier == "doomed-aurora");
    }

    [Fact]
    public async Task DescribeGlobalClusters_OneGlobalDatabase_ReturnsItWithItsSourceClusterAsMember()
    {
        var cluster = await CreateAuroraAsync("global-writer");
        var created = await Rds.CreateGlobalClusterAsync(Primary, "orders-global", cluster.Arn, cancellationToken: Ct);

        var global = Assert.Single(await Rds.DescribeGlobalClustersAsync(Primary, "orders-global", cancellationToken: Ct), g => g.Identifier == "orders-global");

        Assert.Equal(("orders-global", "orders-global"), (created.Identifier, global.Identifier));
        var member = Assert.Single(global.Members);
        Assert.Equal(cluster.Arn, member.DBClusterArn);
        // moto 5.2.1 reports IsWriter=false for the source cluster of CreateGlobalCluster (AWS: true); not asserted.
    }

    [Fact]
    public async Task RemoveFromGlobalCluster_Secondary_IsNoLongerAMemberAndTwiceIsHarmless()
    {
        var writer = await CreateAuroraAsync("detach-writer");
        await Rds.CreateGlobalClusterAsync(Primary, "detach-global", writer.Arn, cancellationToken: Ct);
        // moto 5.2.1 keeps global databases in us-east-1 and serves RemoveFromGlobalCluster only for a member there
        // (elsewhere it answers 200 and does nothing): the secondary is made in us-east-1 for this client test.
        await Host.Query.CallAsync(Primary, "default", new QueryRequest("rds", "2014-10-31", "CreateDBCluster")
            .With("DBClusterIdentifier", "detach-secondary").With("Engine", "aurora-postgresql").With("MasterUsername", "admin").With("MasterUserPassword", "secret-password-1")
            .With("GlobalClusterIdentifier", "detach-global"), Ct);
        var secondary = Assert.Single(await Rds.DescribeDBClustersAsync(Primary, new DbClusterQuery("detach-secondary"), cancellationToken: Ct));
        Assert.Equal(2, Assert.Single(await Rds.DescribeGlobalClustersAsync(Primary, "detach-global", cancellationToken: Ct), g => g.Identifier == "detach-global").Members.Count);

        await Rds.RemoveFromGlobalClusterAsync(Primary, "detach-global", secondary.Arn, cancellationToken: Ct);
        await Rds.RemoveFromGlobalClusterAsync(Primary, "detach-global", secondary.Arn, cancellationToken: Ct);

        var global = Assert.Single(await Rds.DescribeGlobalClustersAsync(Primary, "detach-global", cancellationToken: Ct), g => g.Identifier == "detach-global");
        Assert.Equal([writer.Arn], global.Members.Select(m => m.DBClusterArn));
        Assert.Single(await Rds.DescribeDBClustersAsync(Primary, new DbClusterQuery("detach-secondary"), cancellationToken: Ct));
    }
}
