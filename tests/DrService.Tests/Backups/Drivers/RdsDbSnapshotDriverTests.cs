using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Backups.Drivers;

[Collection(MotoFixture.Collection)]
public sealed class RdsDbSnapshotDriverTests(MotoFixture moto) : RdsDriverTestBase(moto)
{
    private DbSnapshotDriver _driver = null!;

    protected override IArtifactDriver Driver => _driver;

    protected override string DescribeSnapshotsOperation => "DescribeDBSnapshots";

    protected override string NotFoundCode => "DBSnapshotNotFound";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _driver = new DbSnapshotDriver(Rds, Time);
    }

    protected override int SourceDescribesPerChunk => 2;

    protected override IArtifactDriver DriverOn(IRdsClient rds) => new DbSnapshotDriver(rds, Time);

    protected override IReadOnlyList<string?> CopyKmsKeyIds(RecordingRdsClient recorder) =>
        recorder.Arguments<DbSnapshotCopy>().Select(c => c.KmsKeyId).ToList();

    protected override void UseFilterChunkSize(int size) => _driver.FilterChunkSize = size;

    protected override Task CreateResourceAsync(string region, string id, IReadOnlyDictionary<string, string>? tags = null, bool encrypted = false) =>
        Rds.CreateDBInstanceAsync(region, new DbInstanceCreate(id, "db.t3.micro", "postgres", "admin", "secret-password-1", 20, tags,
            StorageEncrypted: encrypted ? true : null), cancellationToken: Ct);

    protected override Task CreateSnapshotAsync(string region, string resourceId, string snapshotId, IReadOnlyDictionary<string, string>? tags = null) =>
        Rds.CreateDBSnapshotAsync(region, resourceId, snapshotId, tags, cancellationToken: Ct);

    protected override async Task<IReadOnlyList<string>> ManualSnapshotIdsAsync(string region) =>
        (await Rds.DescribeDBSnapshotsAsync(region, new DbSnapshotQuery(SnapshotType: "manual"), cancellationToken: Ct)).Select(s => s.Identifier).ToList();

    [Fact]
    public async Task DiscoverAsync_AuroraMemberAndReadReplica_LeftOut()
    {
        await CreateResourceAsync(Primary, "plain-db", Tag("dr", "on"));
        await Rds.CreateDBClusterAsync(Primary, new DbClusterCreate("member-cluster", "aurora-postgresql", "admin", "secret-password-1"), cancellationToken: Ct);
        await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate("member-db", "db.r6g.large", "aurora-postgresql", "admin", "secret-password-1",
            Tags: Tag("dr", "on"), DBClusterIdentifier: "member-cluster"), cancellationToken: Ct);
        await Rds.CreateDBInstanceReadReplicaAsync(Primary, new DbReadReplicaCreate("replica-db", "plain-db", Tags: Tag("dr", "on")), cancellationToken: Ct);

        var found = await Driver.DiscoverAsync(App, Primary, Select(["member-db", "replica-db"], Tag("dr", "on")), Account, Ct);

        Assert.Equal(["plain-db"], found.Select(r => r.ResourceId));
        Assert.Equal(20, found[0].SizeGiB);
    }

    [Fact]
    public async Task DescribeAsync_CopyOfASnapshot_CreatedAtIsTheOriginalSnapshotTime()
    {
        await CreateResourceAsync(Primary, "orig-src");
        var source = await SourceAsync("orig-src", "orig-src-snap");
        var copyId = await Driver.StartCopyAsync(OrderFor(source, await RdsMotoKms.CreateKeyAsync(MotoEndpoint, Dr)), Account, Ct);

        var copy = Assert.Single(await Driver.DescribeAsync(Dr, [copyId], Account, Ct));
        var raw = Assert.Single(await Rds.DescribeDBSnapshotsAsync(Dr, new DbSnapshotQuery(SnapshotIdentifier: copyId), cancellationToken: Ct));

        Assert.Equal(raw.OriginalSnapshotCreateTime, copy.CreatedAt);
        Assert.Equal(source.CreatedAt, copy.SourceCreatedAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void AddRdsArtifactDrivers_CalledTwice_RegistersEachKindOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Rds);

        services.AddRdsArtifactDrivers().AddRdsArtifactDrivers();

        using var provider = services.BuildServiceProvider();
        var kinds = provider.GetServices<IArtifactDriver>().Select(d => d.Kind).ToList();
        Assert.Equal([ArtifactKind.DbSnapshot, ArtifactKind.DbClusterSnapshot], kinds);
    }

    [Fact]
    public async Task ListSourceArtifactsAsync_AlsoAsksForAwsBackupSnapshots()
    {
        // AWS Backup's snapshots appear only with SnapshotType=awsbackup; moto does not model them, so the request is checked.
        await CreateResourceAsync(Primary, "awsbackup-db");
        await CreateSnapshotAsync(Primary, "awsbackup-db", "awsbackup-db-manual-1");
        var recorder = RecordingRdsClient.Wrap(Rds);

        var sources = await DriverOn(recorder.Client).ListSourceArtifactsAsync(Primary, ["awsbackup-db"], Account, Ct);

        Assert.Contains(sources, s => s.Id == "awsbackup-db-manual-1");
        var queries = recorder.Arguments<DbSnapshotQuery>().ToList();
        Assert.Contains(queries, q => q.SnapshotType is null);
        Assert.Contains(queries, q => q.SnapshotType == "awsbackup" && q.Filters is [{ Values: ["awsbackup-db"] }]);
    }

    [Fact]
    public async Task StartCopyAsync_NonDefaultOptionGroupMapped_SendsTheMappedDrOptionGroup()
    {
        // moto reports no OptionGroupName on a snapshot and ignores it on CopyDBSnapshot: the request is checked.
        await CreateResourceAsync(Primary, "og-mapped");
        var source = await SourceAsync("og-mapped", "og-mapped-snap") with { OptionGroupName = "orders-tde" };
        var recorder = RecordingRdsClient.Wrap(Rds);
        var order = OrderFor(source) with { OptionGroups = new Dictionary<string, string>(StringComparer.Ordinal) { ["orders-tde"] = "orders-tde-west" } };

        var copyId = await DriverOn(recorder.Client).StartCopyAsync(order, Account, Ct);

        Assert.Equal("orders-tde-west", Assert.Single(recorder.Arguments<DbSnapshotCopy>()).OptionGroupName);
        Assert.Single(await Driver.DescribeAsync(Dr, [copyId], Account, Ct));
    }

    [Fact]
    public async Task StartCopyAsync_DefaultOptionGroup_SendsNoOptionGroup()
    {
        await CreateResourceAsync(Primary, "og-default");
        var source = await SourceAsync("og-default", "og-default-snap") with { OptionGroupName = "default:postgres-13" };
        var recorder = RecordingRdsClient.Wrap(Rds);

        await DriverOn(recorder.Client).StartCopyAsync(OrderFor(source), Account, Ct);

        Assert.Null(Assert.Single(recorder.Arguments<DbSnapshotCopy>()).OptionGroupName);
    }

    [Fact]
    public async Task StartCopyAsync_NonDefaultOptionGroupUnmapped_OptionGroupRequiredNamingTheKeyAndNoCopy()
    {
        await CreateResourceAsync(Primary, "og-unmapped");
        var source = await SourceAsync("og-unmapped", "og-unmapped-snap") with { OptionGroupName = "orders-tde" };
        var recorder = RecordingRdsClient.Wrap(Rds);

        var refusal = await Assert.ThrowsAsync<RdsDriverException>(() => DriverOn(recorder.Client).StartCopyAsync(OrderFor(source), Account, Ct));

        Assert.Equal(RdsDriverException.OptionGroupRequired, refusal.Code);
        Assert.Equal($"DrService:Applications:{App}:Backup:OptionGroups:orders-tde", refusal.ConfigurationKey);
        Assert.Contains($"DrService:Applications:{App}:Backup:OptionGroups:orders-tde", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(recorder.Arguments<DbSnapshotCopy>());
        Assert.DoesNotContain(await ManualSnapshotIdsAsync(Dr), id => id == OrderFor(source).TargetName);
    }
}
