using DrService.Testing;
using DrService.Aws.Credentials;
using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Aws.Tests.Models;

/// <summary>Every Action and parameter name the RDS client sends exists in botocore's rds 2014-10-31 model.</summary>
public sealed class RdsModelConformanceTests
{
    private static readonly Dictionary<string, string> Tags = new() { ["dr:app"] = "orders", ["dr:managed-by"] = "drservice" };
    private static readonly RdsFilter[] Filters = [new("db-instance-id", "a", "b"), new("engine", "postgres")];

    /// <summary>Each request with every optional argument set, plus a pagination marker on describe calls.</summary>
    private static async Task<IReadOnlyList<QueryRequest>> AllRequestsAsync()
    {
        using var host = new AwsTestHost(new Uri("http://127.0.0.1:9"));
        var rds = new RdsClient(host.Clients, host.Services.GetRequiredService<IAwsCredentialsProvider>(), TimeProvider.System);
        var ct = CancellationToken.None;
        QueryRequest[] describes =
        [
            RdsRequests.DescribeDBInstances(new DbInstanceQuery("db", Filters), 100),
            RdsRequests.DescribeDBClusters(new DbClusterQuery("c", Filters), 100),
            RdsRequests.DescribeDBSnapshots(new DbSnapshotQuery("db", "s", "manual", Filters), 100),
            RdsRequests.DescribeDBClusterSnapshots(new DbClusterSnapshotQuery("c", "s", "manual", Filters), 100),
            RdsRequests.DescribeGlobalClusters("g", 100),
        ];
        return
        [
            .. describes.Select(d => d.WithReplaced("Marker", "next")),
            RdsRequests.CreateDBSnapshot("db", "s", Tags),
            RdsRequests.CreateDBClusterSnapshot("c", "s", Tags),
            await rds.BuildCopyDBSnapshotAsync("us-west-2",
                new DbSnapshotCopy("arn:aws:rds:us-east-1:1:snapshot:s", "t", "us-east-1", "k", true, Tags, "og"), "default", ct),
            await rds.BuildCopyDBClusterSnapshotAsync("us-west-2",
                new DbClusterSnapshotCopy("arn:aws:rds:us-east-1:1:cluster-snapshot:s", "t", "us-east-1", "k", true, Tags), "default", ct),
            RdsRequests.DeleteDBSnapshot("s"),
            RdsRequests.DeleteDBClusterSnapshot("s"),
            RdsRequests.ListTagsForResource("arn"),
            RdsRequests.AddTagsToResource("arn", Tags),
            RdsRequests.PromoteReadReplica("db", 7),
            RdsRequests.RestoreDBInstanceFromDBSnapshot(new DbInstanceRestore("db", "s", "db.t3.micro", "subnets", ["sg-1", "sg-2"], true, Tags)),
            RdsRequests.RestoreDBClusterFromSnapshot(new DbClusterRestore("c", "s", "aurora-postgresql", "subnets", ["sg-1"], Tags)),
            RdsRequests.CreateDBInstance(new DbInstanceCreate("db", "db.t3.micro", "postgres", "admin", "pw", 20, Tags, true, "k", "c")),
            await rds.BuildCreateDBInstanceReadReplicaAsync("us-west-2",
                new DbReadReplicaCreate("r", "arn:aws:rds:us-east-1:1:db:db", "us-east-1", "db.t3.micro", "k", true, "subnets", Tags), "default", ct),
            RdsRequests.DeleteDBInstance("db"),
            RdsRequests.CreateDBCluster(new DbClusterCreate("c", "aurora-postgresql", "admin", "pw", true, "k", Tags)),
            RdsRequests.DeleteDBCluster("c"),
            RdsRequests.RemoveFromGlobalCluster("g", "arn:aws:rds:us-west-2:1:cluster:c"),
            RdsRequests.CreateGlobalCluster("g", "arn:aws:rds:us-west-2:1:cluster:c"),
        ];
    }

    [Fact]
    public async Task RdsRequests_EveryActionAndParameter_ExistsInBotocoreModel()
    {
        var model = await BotocoreModel.LoadAsync("rds", "2014-10-31");

        var unknown = model.UnknownNames(await AllRequestsAsync());

        Assert.Equal("query", model.Protocol);
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task RdsRequests_EveryIRdsClientMethod_IsCoveredByTheModelCheck()
    {
        var actions = (await AllRequestsAsync()).Select(r => r.Action).ToHashSet(StringComparer.Ordinal);

        var uncovered = typeof(IRdsClient).GetMethods().Select(m => m.Name[..^"Async".Length]).Except(actions).ToList();

        Assert.Empty(uncovered);
    }

    [Theory]
    [InlineData("Tags.Tag.1.Key", "Tags.Tag.Key")]
    [InlineData("Filters.Filter.2.Values.Value.10", "Filters.Filter.Values.Value")]
    [InlineData("VpcSecurityGroupIds.VpcSecurityGroupId.3", "VpcSecurityGroupIds.VpcSecurityGroupId")]
    [InlineData("Dimensions.member.1.Name", "Dimensions.member.Name")]
    [InlineData("MaxRecords", "MaxRecords")]
    public void Normalize_IndexedName_StripsListIndices(string parameter, string expected) =>
        Assert.Equal(expected, BotocoreModel.Normalize(parameter));

    [Fact]
    public async Task UnknownNames_MisspelledParameterAndAction_AreReported()
    {
        var model = await BotocoreModel.LoadAsync("rds", "2014-10-31");

        var unknown = model.UnknownNames([
            new QueryRequest("rds", "2014-10-31", "CopyDBSnapshot").With("SourceSnapshotIdentifier", "x").WithTags("Tags.member", Tags),
            new QueryRequest("rds", "2014-10-31", "CopyDbSnapshot"),
        ]);

        Assert.Equal(["CopyDBSnapshot.SourceSnapshotIdentifier", "CopyDBSnapshot.Tags.member.Key", "CopyDBSnapshot.Tags.member.Value", "CopyDbSnapshot"], unknown);
    }
}
