using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Testing;

namespace DrService.Aws.Tests.Rds;

[Collection(MotoFixture.Collection)]
public sealed class RdsSnapshotTests(MotoFixture moto) : RdsMotoTestBase(moto)
{
    [Fact]
    public async Task CreateDBSnapshot_WithTags_DescribeByInstanceReturnsItWithTags()
    {
        await CreatePostgresAsync(Primary, "snap-src");

        var created = await Rds.CreateDBSnapshotAsync(Primary, "snap-src", "snap-src-manual", Owned("orders", "snap-src"), cancellationToken: Ct);
        var snapshot = Assert.Single(await Rds.DescribeDBSnapshotsAsync(Primary, new DbSnapshotQuery(InstanceIdentifier: "snap-src", SnapshotType: "manual"), cancellationToken: Ct));

        Assert.Equal("snap-src-manual", created.Identifier);
        Assert.Equal("snap-src-manual", snapshot.Identifier);
        Assert.Equal("snap-src", snapshot.InstanceIdentifier);
        Assert.StartsWith("arn:aws:rds:us-east-1:", snapshot.Arn, StringComparison.Ordinal);
        Assert.Equal("manual", snapshot.SnapshotType);
        Assert.Equal("available", snapshot.Status);
        Assert.Equal("postgres", snapshot.Engine);
        Assert.NotNull(snapshot.SnapshotCreateTime);
        Assert.Equal("orders", snapshot.Tags["dr:app"]);
    }

    [Fact]
    public async Task CopyDBSnapshot_CrossRegionFromArnWithTags_CopyInDrRegionCarriesTheTags()
    {
        await CreatePostgresAsync(Primary, "copy-src");
        var source = await Rds.CreateDBSnapshotAsync(Primary, "copy-src", "copy-src-snap", cancellationToken: Ct);
        var tags = Owned("orders", "copy-src-snap");
        var drKey = await MotoKms.CreateKeyAsync(MotoEndpoint, Dr, Ct);

        var copy = await Rds.CopyDBSnapshotAsync(
            Dr, new DbSnapshotCopy(source.Arn, "copy-src-snap-dr", Primary, KmsKeyId: drKey, CopyTags: true, Tags: tags), cancellationToken: Ct);
        var listed = await Rds.ListTagsForResourceAsync(Dr, copy.Arn, cancellationToken: Ct);
        var described = Assert.Single(await Rds.DescribeDBSnapshotsAsync(Dr, new DbSnapshotQuery(SnapshotIdentifier: "copy-src-snap-dr"), cancellationToken: Ct));

        Assert.StartsWith("arn:aws:rds:us-west-2:", copy.Arn, StringComparison.Ordinal);
        Assert.Equal(tags, listed);
        Assert.Equal("copy-src-snap-dr", described.Identifier);
        Assert.Equal("copy-src", described.InstanceIdentifier);
        Assert.Equal(drKey, described.KmsKeyId);
    }

    [Fact]
    public async Task AddTagsToResource_OnSnapshot_ListTagsReturnsOldAndNewTags()
    {
        await CreatePostgresAsync(Primary, "tag-src");
        var snapshot = await Rds.CreateDBSnapshotAsync(Primary, "tag-src", "tag-src-snap", new Dictionary<string, string> { ["a"] = "1" }, cancellationToken: Ct);

        await Rds.AddTagsToResourceAsync(Primary, snapshot.Arn, new Dictionary<string, string> { ["b"] = "2" }, cancellationToken: Ct);

        var tags = await Rds.ListTagsForResourceAsync(Primary, snapshot.Arn, cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, tags);
    }

    [Fact]
    public async Task RestoreDBInstanceFromDBSnapshot_FromDrCopy_CreatesInstanceInDrRegion()
    {
        await CreatePostgresAsync(Primary, "restore-src");
        var source = await Rds.CreateDBSnapshotAsync(Primary, "restore-src", "restore-src-snap", cancellationToken: Ct);
        await Rds.CopyDBSnapshotAsync(Dr, new DbSnapshotCopy(source.Arn, "restore-src-snap-dr", Primary), cancellationToken: Ct);

        var restored = await Rds.RestoreDBInstanceFromDBSnapshotAsync(
            Dr, new DbInstanceRestore("restore-dr", "restore-src-snap-dr", "db.t3.small", MultiAz: false, Tags: Owned("orders", "restore-src")), cancellationToken: Ct);
        var described = Assert.Single(await Rds.DescribeDBInstancesAsync(Dr, new DbInstanceQuery("restore-dr"), cancellationToken: Ct));

        Assert.Equal("restore-dr", restored.Identifier);
        Assert.Equal("db.t3.small", described.InstanceClass);
        Assert.Equal("postgres", described.Engine);
        Assert.Equal("orders", described.Tags["dr:app"]);
    }

    [Fact]
    public async Task DeleteDBSnapshot_ExistingSnapshot_DescribeThenThrowsDBSnapshotNotFound()
    {
        await CreatePostgresAsync(Primary, "del-src");
        await Rds.CreateDBSnapshotAsync(Primary, "del-src", "del-src-snap", cancellationToken: Ct);

        var deleted = await Rds.DeleteDBSnapshotAsync(Primary, "del-src-snap", cancellationToken: Ct);

        Assert.Equal("del-src-snap", deleted.Identifier);
        var ex = await Assert.ThrowsAsync<AwsServiceException>(
            () => Rds.DescribeDBSnapshotsAsync(Primary, new DbSnapshotQuery(SnapshotIdentifier: "del-src-snap"), cancellationToken: Ct));
        Assert.Equal("DBSnapshotNotFound", ex.ErrorCode);
    }

    [Theory]
    [InlineData("describe-snapshot", "DBSnapshotNotFound", "DescribeDBSnapshots")]
    [InlineData("delete-snapshot", "DBSnapshotNotFound", "DeleteDBSnapshot")]
    [InlineData("snapshot-of-missing-instance", "DBInstanceNotFound", "CreateDBSnapshot")]
    [InlineData("delete-missing-instance", "DBInstanceNotFound", "DeleteDBInstance")]
    public async Task Operation_MissingResource_ThrowsAwsServiceExceptionWithCode(string scenario, string code, string operation)
    {
        Func<Task> call = scenario switch
        {
            "describe-snapshot" => () => Rds.DescribeDBSnapshotsAsync(Primary, new DbSnapshotQuery(SnapshotIdentifier: "missing"), cancellationToken: Ct),
            "delete-snapshot" => () => Rds.DeleteDBSnapshotAsync(Primary, "missing", cancellationToken: Ct),
            "snapshot-of-missing-instance" => () => Rds.CreateDBSnapshotAsync(Primary, "missing-db", "missing-snap", cancellationToken: Ct),
            _ => () => Rds.DeleteDBInstanceAsync(Primary, "missing-db", cancellationToken: Ct),
        };

        var ex = await Assert.ThrowsAsync<AwsServiceException>(call);

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(operation, ex.Operation);
        Assert.Equal("rds", ex.Service);
    }

    [Fact]
    public async Task DescribeDBSnapshots_MoreSnapshotsThanOnePage_ReturnsEverySnapshot()
    {
        const string region = "eu-west-1";
        await CreatePostgresAsync(region, "many-snaps");
        for (var i = 0; i < 25; i++)
        {
            await Rds.CreateDBSnapshotAsync(region, "many-snaps", $"many-snaps-{i:D2}", cancellationToken: Ct);
        }
        Rds.PageSize = 20;

        var all = await Rds.DescribeDBSnapshotsAsync(region, new DbSnapshotQuery(InstanceIdentifier: "many-snaps", SnapshotType: "manual"), cancellationToken: Ct);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"many-snaps-{i:D2}"), all.Select(s => s.Identifier).Order(StringComparer.Ordinal));
    }
}
