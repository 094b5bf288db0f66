using Amazon.EC2.Model;
using DrService.Aws.Errors;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Testing;
using static DrService.Tests.Backups.Drivers.Ec2Seed;

namespace DrService.Tests.Backups.Drivers;

/// <summary>The EBS snapshot driver against moto server: volumes in us-east-1, copies in us-west-2.</summary>
[Collection(MotoFixture.Collection)]
public sealed class EbsSnapshotDriverTests(MotoFixture moto) : IAsyncLifetime
{
    private AwsTestHost _host = null!;
    private Ec2Seed _seed = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = new AwsTestHost(moto.Endpoint);
        _seed = new Ec2Seed(_host);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private EbsSnapshotDriver Driver(int chunk = Ec2Calls.MaxFilterValues) => new(_host.Clients) { ChunkSize = chunk };

    [Fact]
    public async Task DiscoverAsync_ByIds_ReturnsExactlyThoseVolumes()
    {
        var a = await _seed.VolumeAsync();
        var b = await _seed.VolumeAsync();
        await _seed.VolumeAsync();

        var found = await Driver().DiscoverAsync("orders", Primary, new ResourceSelector { Ids = [a, b] }, Account, default);

        Assert.Equal(new[] { a, b }.Order(), found.Select(r => r.ResourceId).Order());
        Assert.All(found, r => Assert.Equal(("orders", ArtifactKind.EbsSnapshot, Primary, 8L, "us-east-1a"), (r.Application, r.Kind, r.Region, r.SizeGiB!.Value, r.Detail)));
    }

    [Fact]
    public async Task DiscoverAsync_ByTags_ReturnsVolumesCarryingEveryTag()
    {
        var run = RunTag();
        var both = await _seed.VolumeAsync(run, KeyValuePair.Create("tier", "a"));
        await _seed.VolumeAsync(run, KeyValuePair.Create("tier", "b"));

        var found = await Driver().DiscoverAsync("orders", Primary, new ResourceSelector { Tags = new() { [run.Key] = run.Value, ["tier"] = "a" } }, Account, default);

        Assert.Equal(both, Assert.Single(found).ResourceId);
        Assert.Equal("a", found[0].Tags["tier"]);
    }

    [Fact]
    public async Task DiscoverAsync_IdsOrTags_ReturnsUnionWithoutDuplicatesInTwoCalls()
    {
        var run = RunTag();
        var tagged = await _seed.VolumeAsync(run);
        var taggedAndListed = await _seed.VolumeAsync(run);
        var listed = await _seed.VolumeAsync();
        _host.Counter.Reset();

        var found = await Driver().DiscoverAsync("orders", Primary, new ResourceSelector { Ids = [listed, taggedAndListed], Tags = new() { [run.Key] = run.Value } }, Account, default);

        Assert.Equal(new[] { tagged, taggedAndListed, listed }.Order(), found.Select(r => r.ResourceId).Order());
        Assert.Equal(2, _host.Counter.Count("ec2", Primary, "DescribeVolumes"));
    }

    [Fact]
    public async Task DiscoverAsync_MoreIdsThanAFilterTakes_OneCallPerChunkAndEveryVolume()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await _seed.VolumeAsync());
        }
        _host.Counter.Reset();

        var found = await Driver(chunk: 3).DiscoverAsync("orders", Primary, new ResourceSelector { Ids = ids }, Account, default);

        Assert.Equal(ids.Order(), found.Select(r => r.ResourceId).Order());
        Assert.Equal(3, _host.Counter.Count("ec2", Primary, "DescribeVolumes"));
    }

    [Fact]
    public async Task DiscoverAsync_EmptySelector_ReturnsNothingWithoutCalls()
    {
        await _seed.VolumeAsync();
        _host.Counter.Reset();

        var found = await Driver().DiscoverAsync("orders", Primary, new ResourceSelector(), Account, default);

        Assert.Empty(found);
        Assert.Equal(0, _host.Counter.Count());
    }

    [Fact]
    public async Task ListSourceArtifactsAsync_FiveVolumes_BatchedOneCallPerChunk()
    {
        var volumes = new List<string>();
        var snapshots = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var volume = await _seed.VolumeAsync();
            volumes.Add(volume);
            snapshots.Add((await _seed.SnapshotAsync(volume)).SnapshotId);
        }
        _host.Counter.Reset();

        var found = await Driver(chunk: 2).ListSourceArtifactsAsync(Primary, volumes, Account, default);

        Assert.Equal(snapshots.Order(), found.Select(a => a.Id).Order());
        Assert.Equal(3, _host.Counter.Count("ec2", Primary, "DescribeSnapshots")); // ceil(5 / 2)
        Assert.All(found, a =>
        {
            Assert.Equal(volumes[snapshots.IndexOf(a.Id)], a.ResourceId);
            Assert.Equal((ArtifactState.Available, 100, 8L), (a.State, a.Progress!.Value, a.SizeGiB!.Value));
            Assert.Equal($"arn:aws:ec2:{Primary}::snapshot/{a.Id}", a.Arn);
        });
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_Volume_SnapshotCarriesTagsAndName()
    {
        var volume = await _seed.VolumeAsync();
        var resource = new ProtectedResource("orders", ArtifactKind.EbsSnapshot, Primary, volume);

        var created = await Driver().CreateSourceArtifactAsync(resource, "drs-orders-src", new Dictionary<string, string> { [OwnershipTags.Application] = "orders" }, Account, default);

        var tags = await _seed.SnapshotTagsAsync(Primary, created.Id);
        Assert.Equal(("orders", "drs-orders-src"), (tags[OwnershipTags.Application], tags["Name"]));
        Assert.Equal(volume, created.ResourceId);
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_Answers500AfterTakingEffect_AdoptsTheSnapshotWithoutASecondCall()
    {
        // CreateSnapshot has no ClientToken: an SDK retry after a lost answer would take a second snapshot.
        var volume = await _seed.VolumeAsync();
        var resource = new ProtectedResource("orders", ArtifactKind.EbsSnapshot, Primary, volume);
        _host.Faults.FailAfterCall(Primary, "ec2", "InternalError", 500, limit: 1, operation: "CreateSnapshot");

        var created = await Driver().CreateSourceArtifactAsync(resource, "drs-orders-src-lost", OwnedSourceTags(volume), Account, default);

        Assert.Equal(1, _host.Counter.Count("ec2", Primary, "CreateSnapshot"));
        var named = await _seed.Ec2(Primary).DescribeSnapshotsAsync(new DescribeSnapshotsRequest
        {
            OwnerIds = ["self"],
            Filters = [new Filter("volume-id", [volume]), new Filter("tag:Name", ["drs-orders-src-lost"])],
        });
        Assert.Equal([created.Id], named.Snapshots.Select(s => s.SnapshotId));
        Assert.Equal(volume, created.ResourceId);
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_AnswerLostAndNothingMade_Throws()
    {
        var volume = await _seed.VolumeAsync();
        var resource = new ProtectedResource("orders", ArtifactKind.EbsSnapshot, Primary, volume);
        _host.Faults.Fail(Primary, "ec2", "InternalError", 500, limit: 1, operation: "CreateSnapshot");

        await Assert.ThrowsAnyAsync<Exception>(() => Driver().CreateSourceArtifactAsync(resource, "drs-orders-src-none", OwnedSourceTags(volume), Account, default));

        Assert.Equal(1, _host.Counter.Count("ec2", Primary, "CreateSnapshot"));
    }

    private static Dictionary<string, string> OwnedSourceTags(string resourceId) => new()
    {
        [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue,
        [OwnershipTags.Application] = "orders",
        [OwnershipTags.ResourceId] = resourceId,
    };

    [Fact]
    public async Task StartCopyAsync_Snapshot_CopyInDrRegionCarriesOwnershipAndSourceTags()
    {
        var volume = await _seed.VolumeAsync();
        var snapshot = await _seed.SnapshotAsync(volume, Primary, KeyValuePair.Create("team", "blue"), KeyValuePair.Create(OwnershipTags.Application, "stale"));
        var source = Assert.Single(await Driver().ListSourceArtifactsAsync(Primary, [volume], Account, default));

        var copyId = await Driver().StartCopyAsync(OrderFor("orders", source), Account, default);

        var tags = await _seed.SnapshotTagsAsync(Dr, copyId);
        Assert.Equal(OwnershipTags.ManagedByValue, tags[OwnershipTags.ManagedBy]);
        Assert.Equal("orders", tags[OwnershipTags.Application]); // the ownership tags win over the source's
        Assert.Equal((snapshot.SnapshotId, Primary, volume), (tags[OwnershipTags.SourceId], tags[OwnershipTags.SourceRegion], tags[OwnershipTags.ResourceId]));
        Assert.Equal("blue", tags["team"]);
        Assert.Equal(1, _host.Counter.Count("ec2", Dr, "CopySnapshot"));
    }

    [Fact]
    public async Task StartCopyAsync_Answers500AfterTakingEffect_AdoptsTheCopyWithoutASecondCall()
    {
        // CopySnapshot has no ClientToken: a retry after a lost answer would copy twice.
        var volume = await _seed.VolumeAsync();
        await _seed.SnapshotAsync(volume);
        var source = Assert.Single(await Driver().ListSourceArtifactsAsync(Primary, [volume], Account, default));
        var order = OrderFor("orders", source);
        _host.Faults.FailAfterCall(Dr, "ec2", "InternalError", 500, limit: 1, operation: "CopySnapshot");

        var copyId = await Driver().StartCopyAsync(order, Account, default);

        Assert.Equal(1, _host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal([copyId], await CopyIdsAsync(order.Key));
    }

    [Fact]
    public async Task StartCopyAsync_MayExistAndTheCopyDoes_ReturnsItWithoutCopying()
    {
        var volume = await _seed.VolumeAsync();
        await _seed.SnapshotAsync(volume);
        var source = Assert.Single(await Driver().ListSourceArtifactsAsync(Primary, [volume], Account, default));
        var order = OrderFor("orders", source);
        var first = await Driver().StartCopyAsync(order, Account, default);

        var again = await Driver().StartCopyAsync(order with { MayExist = true }, Account, default);

        Assert.Equal(first, again);
        Assert.Equal(1, _host.Counter.Count("ec2", Dr, "CopySnapshot"));
        Assert.Equal([first], await CopyIdsAsync(order.Key));
    }

    /// <summary>The DR snapshots tagged with <paramref name="copyKey"/>.</summary>
    private async Task<List<string>> CopyIdsAsync(string copyKey)
    {
        var found = await _seed.Ec2(Dr).DescribeSnapshotsAsync(new DescribeSnapshotsRequest
        {
            OwnerIds = ["self"],
            Filters = [new Filter($"tag:{OwnershipTags.CopyKey}", [copyKey])],
        });
        return [.. (found.Snapshots ?? []).Select(s => s.SnapshotId)];
    }

    [Fact]
    public async Task StartCopyAsync_WithoutSourceTags_CopyCarriesOwnershipTagsOnly()
    {
        var volume = await _seed.VolumeAsync();
        await _seed.SnapshotAsync(volume, Primary, KeyValuePair.Create("team", "blue"));
        var source = Assert.Single(await Driver().ListSourceArtifactsAsync(Primary, [volume], Account, default));

        var copyId = await Driver().StartCopyAsync(OrderFor("orders", source, copySourceTags: false), Account, default);

        Assert.False((await _seed.SnapshotTagsAsync(Dr, copyId)).ContainsKey("team"));
    }

    [Fact]
    public async Task StartCopyAsync_SourceSnapshotMissing_ThrowsAwsServiceExceptionWithCode()
    {
        var source = new Artifact(ArtifactKind.EbsSnapshot, Primary, "snap-0123456789abcdef0", "vol-0123456789abcdef0", DateTimeOffset.UnixEpoch, ArtifactState.Available);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Driver().StartCopyAsync(OrderFor("orders", source), Account, default));

        Assert.Equal(("InvalidSnapshot.NotFound", "ec2", Dr, "CopySnapshot"), (error.ErrorCode, error.Service, error.Region, error.Operation));
    }

    [Fact]
    public async Task ListCopiesAsync_OwnedAndUnownedSnapshots_ReturnsOwnedOnlyPerApplication()
    {
        var (orders, billing, unowned) = await ThreeDrSnapshotsAsync();

        var all = await Driver().ListCopiesAsync(Dr, null, Account, default);
        var ofOrders = await Driver().ListCopiesAsync(Dr, "orders", Account, default);

        Assert.Contains(orders, all.Select(a => a.Id));
        Assert.Contains(billing, all.Select(a => a.Id));
        Assert.DoesNotContain(unowned, all.Select(a => a.Id));
        Assert.Equal(orders, Assert.Single(ofOrders, a => a.Id == orders || a.Id == billing).Id);
        Assert.All(all, a => Assert.True(a.IsOwned));
    }

    [Fact]
    public async Task DescribeAsync_OneIdMissing_ReturnsTheOthers()
    {
        var (orders, billing, _) = await ThreeDrSnapshotsAsync();

        var found = await Driver().DescribeAsync(Dr, [orders, "snap-0000000000000dead", billing], Account, default);

        Assert.Equal(new[] { orders, billing }.Order(), found.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task DeleteCopyAsync_OwnedCopy_DeletesTheSnapshot()
    {
        var (orders, _, _) = await ThreeDrSnapshotsAsync();
        var copy = Assert.Single(await Driver().DescribeAsync(Dr, [orders], Account, default));

        await Driver().DeleteCopyAsync(copy, Account, default);

        Assert.False(await _seed.SnapshotExistsAsync(Dr, orders));
    }

    [Fact]
    public async Task DeleteCopyAsync_UnownedSnapshot_RefusesAndTheSnapshotRemains()
    {
        var (_, _, unowned) = await ThreeDrSnapshotsAsync();
        var artifact = Assert.Single(await Driver().DescribeAsync(Dr, [unowned], Account, default));
        _host.Counter.Reset();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Driver().DeleteCopyAsync(artifact, Account, default));

        Assert.Contains(unowned, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Counter.Count("ec2", "*", "DeleteSnapshot"));
        Assert.True(await _seed.SnapshotExistsAsync(Dr, unowned));
    }

    [Theory]
    [InlineData("100%", 100)]
    [InlineData("42%", 42)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ProgressOf_AwsText_Percent(string? text, int? expected) => Assert.Equal(expected, EbsSnapshotDriver.ProgressOf(text));

    /// <summary>Two copies made by the driver (apps orders and billing) and one snapshot made by someone else, in us-west-2.</summary>
    private async Task<(string Orders, string Billing, string Unowned)> ThreeDrSnapshotsAsync()
    {
        var volume = await _seed.VolumeAsync();
        await _seed.SnapshotAsync(volume);
        var source = Assert.Single(await Driver().ListSourceArtifactsAsync(Primary, [volume], Account, default));
        var orders = await Driver().StartCopyAsync(OrderFor("orders", source), Account, default);
        var billing = await Driver().StartCopyAsync(OrderFor("billing", source), Account, default);
        var drVolume = await _seed.Ec2(Dr).CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-west-2a", Size = 8 });
        var unowned = await _seed.SnapshotAsync(drVolume.Volume.VolumeId, Dr, KeyValuePair.Create("team", "blue"));
        return (orders, billing, unowned.SnapshotId);
    }
}
