using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Backups.Drivers;

/// <summary>
/// The behaviour both RDS drivers share, against moto server: each test runs once per driver (the subclasses say how
/// their kind's resources and snapshots are made). moto is reset when a class starts; tests use distinct names.
/// </summary>
public abstract class RdsDriverTestBase(MotoFixture moto) : IAsyncLifetime
{
    protected const string Primary = "us-east-1";
    protected const string Dr = "us-west-2";
    protected const string Account = "default";
    protected const string App = "orders";

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

    protected AwsTestHost Host { get; private set; } = null!;

    protected IRdsClient Rds { get; private set; } = null!;

    protected Uri MotoEndpoint => moto.Endpoint;

    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract IArtifactDriver Driver { get; }

    /// <summary>The driver's snapshot describe operation (DescribeDBSnapshots or DescribeDBClusterSnapshots).</summary>
    protected abstract string DescribeSnapshotsOperation { get; }

    protected abstract string NotFoundCode { get; }

    /// <summary>Describe calls per chunk of source resources (DB snapshots add one for SnapshotType=awsbackup).</summary>
    protected virtual int SourceDescribesPerChunk => 1;

    /// <summary>Lowers the driver's values per describe filter so that a handful of resources spans several chunks.</summary>
    protected abstract void UseFilterChunkSize(int size);

    public virtual async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        // The AWS layer keeps the system clock: its retry backoff waits on it. Only the drivers get the fake clock.
        Host = new AwsTestHost(moto.Endpoint);
        Rds = Host.Services.GetRequiredService<IRdsClient>();
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A protected resource (DB instance or cluster) in <paramref name="region"/>.</summary>
    protected abstract Task CreateResourceAsync(string region, string id, IReadOnlyDictionary<string, string>? tags = null, bool encrypted = false);

    /// <summary>A manual snapshot of <paramref name="resourceId"/> made without the driver.</summary>
    protected abstract Task CreateSnapshotAsync(string region, string resourceId, string snapshotId, IReadOnlyDictionary<string, string>? tags = null);

    /// <summary>The manual snapshots in <paramref name="region"/>, straight from the RDS client.</summary>
    protected abstract Task<IReadOnlyList<string>> ManualSnapshotIdsAsync(string region);

    protected async Task<Artifact> SourceAsync(string resourceId, string snapshotId, IReadOnlyDictionary<string, string>? tags = null)
    {
        await CreateSnapshotAsync(Primary, resourceId, snapshotId, tags);
        return Assert.Single(await Driver.DescribeAsync(Primary, [snapshotId], Account, Ct));
    }

    protected static CopyOrder OrderFor(Artifact source, string? kmsKeyId = null, string application = App)
    {
        var key = CopyOrder.KeyFor(application, source);
        return new CopyOrder(key, application, source, Dr, CopyNames.ForCopy(application, source), OwnershipTags.ForCopy(application, source, key)) { KmsKeyId = kmsKeyId };
    }

    protected static ResourceSelector Select(string[]? ids = null, Dictionary<string, string>? tags = null) =>
        new() { Ids = [.. ids ?? []], Tags = tags ?? new Dictionary<string, string>(StringComparer.Ordinal) };

    protected static Dictionary<string, string> Tag(string key, string value) => new(StringComparer.Ordinal) { [key] = value };

    /// <summary>The driver under test, on another RDS client (one that records the calls).</summary>
    protected abstract IArtifactDriver DriverOn(IRdsClient rds);

    /// <summary>The KmsKeyId of each copy call <paramref name="recorder"/> saw.</summary>
    protected abstract IReadOnlyList<string?> CopyKmsKeyIds(RecordingRdsClient recorder);

    [Fact]
    public async Task StartCopyAsync_UnencryptedSourceWithConfiguredKey_SendsNoKmsKeyId()
    {
        // AWS: CopyDBClusterSnapshot with KmsKeyId on an unencrypted source is an error; CopyDBSnapshot encrypts the copy.
        await CreateResourceAsync(Primary, "kms-plain");
        var source = await SourceAsync("kms-plain", "kms-plain-snap-1");
        Assert.False(source.Encrypted);
        var recorder = RecordingRdsClient.Wrap(Rds);

        await DriverOn(recorder.Client).StartCopyAsync(OrderFor(source, kmsKeyId: "alias/dr-key"), Account, Ct);

        Assert.Equal([null], CopyKmsKeyIds(recorder));
    }

    [Fact]
    public async Task DiscoverAsync_ByIds_ReturnsListedResourcesOnly()
    {
        await CreateResourceAsync(Primary, "ids-a");
        await CreateResourceAsync(Primary, "ids-b");
        await CreateResourceAsync(Primary, "ids-c");

        var found = await Driver.DiscoverAsync(App, Primary, Select(["ids-a", "IDS-C", "ids-missing"]), Account, Ct);

        Assert.Equal(["ids-a", "ids-c"], found.Select(r => r.ResourceId).Order(StringComparer.Ordinal));
        Assert.All(found, r => Assert.Equal(Driver.Kind, r.Kind));
        Assert.All(found, r => Assert.StartsWith("arn:aws:rds:us-east-1:", r.Arn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiscoverAsync_ByTags_ReturnsResourcesCarryingEveryTag()
    {
        await CreateResourceAsync(Primary, "tags-both", new Dictionary<string, string> { ["team"] = "pay", ["env"] = "prod" });
        await CreateResourceAsync(Primary, "tags-one", new Dictionary<string, string> { ["team"] = "pay", ["env"] = "dev" });
        await CreateResourceAsync(Primary, "tags-none");

        var found = await Driver.DiscoverAsync(App, Primary, Select(tags: new(StringComparer.Ordinal) { ["team"] = "pay", ["env"] = "prod" }), Account, Ct);

        var resource = Assert.Single(found);
        Assert.Equal("tags-both", resource.ResourceId);
        Assert.Equal("prod", resource.Tags["env"]);
    }

    [Fact]
    public async Task DiscoverAsync_IdsOrTags_ReturnsEachMatchOnceFromOneDescribe()
    {
        await CreateResourceAsync(Primary, "or-id");
        await CreateResourceAsync(Primary, "or-tag", Tag("dr", "yes"));
        await CreateResourceAsync(Primary, "or-both", Tag("dr", "yes"));
        await CreateResourceAsync(Primary, "or-neither", Tag("dr", "no"));
        Host.Counter.Reset();

        var found = await Driver.DiscoverAsync(App, Primary, Select(["or-id", "or-both"], Tag("dr", "yes")), Account, Ct);

        Assert.Equal(["or-both", "or-id", "or-tag"], found.Select(r => r.ResourceId).Order(StringComparer.Ordinal));
        Assert.Equal(1, Host.Counter.Count("rds", Primary));
    }

    [Fact]
    public async Task DiscoverAsync_EmptySelector_SelectsNothingWithoutCalls()
    {
        await CreateResourceAsync(Primary, "empty-sel");
        Host.Counter.Reset();

        var found = await Driver.DiscoverAsync(App, Primary, Select(), Account, Ct);

        Assert.Empty(found);
        Assert.Equal(0, Host.Counter.Count());
    }

    [Fact]
    public async Task ListSourceArtifactsAsync_FiveResources_OneDescribePerChunkNotPerResource()
    {
        var ids = Enumerable.Range(1, 5).Select(i => $"batch-{i}").ToArray();
        foreach (var id in ids)
        {
            await CreateResourceAsync(Primary, id);
            await CreateSnapshotAsync(Primary, id, $"{id}-manual");
        }
        await CreateResourceAsync(Primary, "batch-other");
        await CreateSnapshotAsync(Primary, "batch-other", "batch-other-manual");
        UseFilterChunkSize(2);
        Host.Counter.Reset();

        var artifacts = await Driver.ListSourceArtifactsAsync(Primary, ids, Account, Ct);

        Assert.Equal(3 * SourceDescribesPerChunk, Host.Counter.Count("rds", Primary, DescribeSnapshotsOperation));
        Assert.Equal(3 * SourceDescribesPerChunk, Host.Counter.Count());
        Assert.Equal(ids.Select(id => $"{id}-manual"), artifacts.Where(a => a.Id.EndsWith("-manual", StringComparison.Ordinal)).Select(a => a.Id).Order(StringComparer.Ordinal));
        // RDS automated backups (moto takes one when the resource is created) are source artifacts too.
        Assert.Equal(ids, artifacts.Where(a => a.Id.StartsWith("rds:", StringComparison.Ordinal)).Select(a => a.ResourceId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(artifacts, a => a.ResourceId == "batch-other");
        Assert.All(artifacts, a => Assert.Equal(ArtifactState.Available, a.State));
    }

    [Fact]
    public async Task StartCopyAsync_CrossRegion_CopyHasDeterministicIdAndOwnershipTags()
    {
        await CreateResourceAsync(Primary, "copy-src");
        var source = await SourceAsync("copy-src", "copy-src-snap", Tag("cost-center", "42"));
        var key = await RdsMotoKms.CreateKeyAsync(MotoEndpoint, Dr);
        var order = OrderFor(source, key);

        var id = await Driver.StartCopyAsync(order, Account, Ct);

        Assert.Equal(CopyNames.ForCopy(App, source), id);
        var copy = Assert.Single(await Driver.DescribeAsync(Dr, [id], Account, Ct));
        var tags = await Rds.ListTagsForResourceAsync(Dr, copy.Arn!, cancellationToken: Ct);
        foreach (var (k, v) in order.Tags)
        {
            Assert.Equal(v, tags[k]);
        }
        Assert.Equal("42", tags["cost-center"]);
        Assert.True(copy.IsOwned);
        Assert.Equal(source.Id, copy.SourceId);
        Assert.Equal(Primary, copy.SourceRegion);
        Assert.StartsWith("arn:aws:rds:us-west-2:", copy.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCopyAsync_SameOrderTwice_ReturnsSameIdWithoutSecondCopy()
    {
        await CreateResourceAsync(Primary, "twice-src");
        var source = await SourceAsync("twice-src", "twice-src-snap");
        var order = OrderFor(source, await RdsMotoKms.CreateKeyAsync(MotoEndpoint, Dr));
        var before = (await ManualSnapshotIdsAsync(Dr)).Count;

        var first = await Driver.StartCopyAsync(order, Account, Ct);
        var second = await Driver.StartCopyAsync(order, Account, Ct);

        Assert.Equal(first, second);
        Assert.Equal(before + 1, (await ManualSnapshotIdsAsync(Dr)).Count);
    }

    [Fact]
    public async Task StartCopyAsync_TargetNameTakenByUnownedSnapshot_ThrowsCopyTargetConflict()
    {
        await CreateResourceAsync(Primary, "taken-src");
        var source = await SourceAsync("taken-src", "taken-src-snap");
        var order = OrderFor(source, await RdsMotoKms.CreateKeyAsync(MotoEndpoint, Dr));
        await CreateResourceAsync(Dr, "taken-dr");
        await CreateSnapshotAsync(Dr, "taken-dr", order.TargetName);

        var ex = await Assert.ThrowsAsync<RdsDriverException>(() => Driver.StartCopyAsync(order, Account, Ct));

        Assert.Equal(RdsDriverException.CopyTargetConflict, ex.Code);
    }

    [Fact]
    public async Task StartCopyAsync_EncryptedSourceWithoutKey_ThrowsKmsKeyRequiredNamingTheSetting()
    {
        await CreateResourceAsync(Primary, "enc-src", encrypted: true);
        var source = await SourceAsync("enc-src", "enc-src-snap");
        Host.Counter.Reset();

        var ex = await Assert.ThrowsAsync<RdsDriverException>(() => Driver.StartCopyAsync(OrderFor(source), Account, Ct));

        Assert.True(source.Encrypted);
        Assert.Equal(RdsDriverException.KmsKeyRequired, ex.Code);
        Assert.Equal("DrService:Applications:orders:Backup:KmsKeyId", ex.ConfigurationKey);
        Assert.Contains("DrService:Applications:orders:Backup:KmsKeyId", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        Assert.Equal(0, Host.Counter.Count());
    }

    [Fact]
    public async Task StartCopyAsync_SourceSnapshotMissing_ThrowsAwsServiceExceptionWithNotFoundCode()
    {
        await CreateResourceAsync(Primary, "gone-src");
        var source = await SourceAsync("gone-src", "gone-src-snap");
        var missing = source with { Id = "gone-src-deleted", Arn = source.Arn!.Replace("gone-src-snap", "gone-src-deleted", StringComparison.Ordinal) };

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => Driver.StartCopyAsync(OrderFor(missing, null), Account, Ct));

        Assert.Equal(NotFoundCode, ex.ErrorCode);
        Assert.Equal("rds", ex.Service);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task ListCopiesAsync_OwnedAndUnownedInDr_ReturnsOnlyOwnedForTheApplication()
    {
        await CreateResourceAsync(Primary, "list-src");
        var source = await SourceAsync("list-src", "list-src-snap");
        // Other tests of the class leave copies for "orders" in the same moto: this one lists its own application.
        var copyId = await Driver.StartCopyAsync(OrderFor(source, await RdsMotoKms.CreateKeyAsync(MotoEndpoint, Dr), "listing"), Account, Ct);
        await CreateResourceAsync(Dr, "list-dr");
        await CreateSnapshotAsync(Dr, "list-dr", "list-dr-unowned", Tag("team", "pay"));
        await CreateSnapshotAsync(Dr, "list-dr", "list-dr-other-app", new Dictionary<string, string>
        {
            [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue,
            [OwnershipTags.Application] = "billing",
        });

        var forListing = await Driver.ListCopiesAsync(Dr, "listing", Account, Ct);
        var all = await Driver.ListCopiesAsync(Dr, null, Account, Ct);

        Assert.Equal([copyId], forListing.Select(c => c.Id));
        Assert.Contains(all, c => c.Id == copyId);
        Assert.Contains(all, c => c.Id == "list-dr-other-app");
        Assert.DoesNotContain(all, c => c.Id == "list-dr-unowned");
        Assert.All(all, c => Assert.True(c.IsOwned));
    }

    [Fact]
    public async Task DescribeAsync_OneIdMissing_ReturnsTheOthersInOneCall()
    {
        await CreateResourceAsync(Primary, "desc-src");
        await CreateSnapshotAsync(Primary, "desc-src", "desc-1");
        await CreateSnapshotAsync(Primary, "desc-src", "desc-2");
        Host.Counter.Reset();

        var found = await Driver.DescribeAsync(Primary, ["desc-1", "desc-missing", "desc-2"], Account, Ct);

        Assert.Equal(["desc-1", "desc-2"], found.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, Host.Counter.Count("rds", Primary, DescribeSnapshotsOperation));
    }

    [Fact]
    public async Task DeleteCopyAsync_OwnedCopy_DeletesIt()
    {
        await CreateResourceAsync(Primary, "del-src");
        var source = await SourceAsync("del-src", "del-src-snap");
        var copyId = await Driver.StartCopyAsync(OrderFor(source, await RdsMotoKms.CreateKeyAsync(MotoEndpoint, Dr)), Account, Ct);
        var copy = Assert.Single(await Driver.DescribeAsync(Dr, [copyId], Account, Ct));

        await Driver.DeleteCopyAsync(copy, Account, Ct);

        Assert.Empty(await Driver.DescribeAsync(Dr, [copyId], Account, Ct));
        Assert.DoesNotContain(copyId, await ManualSnapshotIdsAsync(Dr));
    }

    [Fact]
    public async Task DeleteCopyAsync_UnownedSnapshot_RefusesAndItStillExists()
    {
        await CreateResourceAsync(Dr, "keep-dr");
        await CreateSnapshotAsync(Dr, "keep-dr", "keep-dr-snap", Tag("team", "pay"));
        var unowned = Assert.Single(await Driver.DescribeAsync(Dr, ["keep-dr-snap"], Account, Ct));
        // Stale or forged tags on the caller's copy do not count: AWS's TagList decides.
        var forged = unowned with { Tags = new Dictionary<string, string> { [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue } };

        var refused = await Assert.ThrowsAsync<RdsDriverException>(() => Driver.DeleteCopyAsync(unowned, Account, Ct));
        var refusedForged = await Assert.ThrowsAsync<RdsDriverException>(() => Driver.DeleteCopyAsync(forged, Account, Ct));

        Assert.Equal(RdsDriverException.NotOwned, refused.Code);
        Assert.Equal(RdsDriverException.NotOwned, refusedForged.Code);
        Assert.Contains("keep-dr-snap", await ManualSnapshotIdsAsync(Dr));
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_Answers500AfterTakingEffect_AdoptsTheSnapshotTheRetryWasRefusedFor()
    {
        // The client retries the 500; the retry is refused as a duplicate identifier because the first call took effect.
        await CreateResourceAsync(Primary, "lost-src");
        var resource = Assert.Single(await Driver.DiscoverAsync(App, Primary, Select(["lost-src"]), Account, Ct));
        Host.Counter.Reset();
        Host.Faults.FailAfterCall(Primary, "rds", "InternalFailure", 500, limit: 1);
        var tags = new Dictionary<string, string> { [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue, [OwnershipTags.Application] = App };

        var created = await Driver.CreateSourceArtifactAsync(resource, "lost-src-now", tags, Account, Ct);

        Assert.Equal(("lost-src-now", "lost-src"), (created.Id, created.ResourceId));
        Assert.True(created.IsOwned);
        Assert.Equal(1, (await Driver.ListSourceArtifactsAsync(Primary, ["lost-src"], Account, Ct)).Count(a => a.Id == "lost-src-now"));
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_Resource_ReturnsTaggedSnapshotNamedAsAsked()
    {
        await CreateResourceAsync(Primary, "create-src");
        var resource = Assert.Single(await Driver.DiscoverAsync(App, Primary, Select(["create-src"]), Account, Ct));

        var created = await Driver.CreateSourceArtifactAsync(resource, "create-src-now", Tag(OwnershipTags.Application, App), Account, Ct);

        Assert.Equal("create-src-now", created.Id);
        Assert.Equal("create-src", created.ResourceId);
        Assert.Equal(Driver.Kind, created.Kind);
        Assert.Equal(App, created.Tags[OwnershipTags.Application]);
        Assert.Contains(await Driver.ListSourceArtifactsAsync(Primary, ["create-src"], Account, Ct), a => a.Id == "create-src-now");
    }
}
