using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Testing;

namespace DrService.Tests.Backups.Drivers;

[Collection(MotoFixture.Collection)]
public sealed class DbClusterSnapshotDriverTests(MotoFixture moto) : RdsDriverTestBase(moto)
{
    private DbClusterSnapshotDriver _driver = null!;

    protected override IArtifactDriver Driver => _driver;

    protected override string DescribeSnapshotsOperation => "DescribeDBClusterSnapshots";

    protected override string NotFoundCode => "DBClusterSnapshotNotFoundFault";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _driver = new DbClusterSnapshotDriver(Rds, Time);
    }

    protected override IArtifactDriver DriverOn(IRdsClient rds) => new DbClusterSnapshotDriver(rds, Time);

    protected override IReadOnlyList<string?> CopyKmsKeyIds(RecordingRdsClient recorder) =>
        recorder.Arguments<DbClusterSnapshotCopy>().Select(c => c.KmsKeyId).ToList();

    protected override void UseFilterChunkSize(int size) => _driver.FilterChunkSize = size;

    protected override Task CreateResourceAsync(string region, string id, IReadOnlyDictionary<string, string>? tags = null, bool encrypted = false) =>
        Rds.CreateDBClusterAsync(region, new DbClusterCreate(id, "aurora-postgresql", "admin", "secret-password-1",
            StorageEncrypted: encrypted ? true : null, Tags: tags), cancellationToken: Ct);

    protected override Task CreateSnapshotAsync(string region, string resourceId, string snapshotId, IReadOnlyDictionary<string, string>? tags = null) =>
        Rds.CreateDBClusterSnapshotAsync(region, resourceId, snapshotId, tags, cancellationToken: Ct);

    protected override async Task<IReadOnlyList<string>> ManualSnapshotIdsAsync(string region) =>
        (await Rds.DescribeDBClusterSnapshotsAsync(region, new DbClusterSnapshotQuery(SnapshotType: "manual"), cancellationToken: Ct)).Select(s => s.Identifier).ToList();

    [Fact]
    public async Task DiscoverAsync_ClusterReplicatingFromAnother_LeftOut()
    {
        await CreateResourceAsync(Primary, "writer-cluster", Tag("dr", "on"));
        var writer = Assert.Single(await Rds.DescribeDBClustersAsync(Primary, new DbClusterQuery("writer-cluster"), cancellationToken: Ct));
        // DbClusterCreate has no ReplicationSourceIdentifier: a raw CreateDBCluster makes the replica cluster (moto needs the ARN).
        await Host.Query.CallAsync(Primary, Account, new QueryRequest("rds", "2014-10-31", "CreateDBCluster")
            .With("DBClusterIdentifier", "replica-cluster")
            .With("Engine", "aurora-postgresql")
            .With("MasterUsername", "admin")
            .With("MasterUserPassword", "secret-password-1")
            .With("ReplicationSourceIdentifier", writer.Arn)
            .With("Tags.Tag.1.Key", "dr")
            .With("Tags.Tag.1.Value", "on"), Ct);

        var found = await Driver.DiscoverAsync(App, Primary, Select(["replica-cluster"], Tag("dr", "on")), Account, Ct);

        Assert.Equal(["writer-cluster"], found.Select(r => r.ResourceId));
    }
}
