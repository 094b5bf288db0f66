using DrService.Aws.Errors;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Testing;
using static DrService.Tests.Backups.Drivers.Ec2Seed;

namespace DrService.Tests.Backups.Drivers;

/// <summary>The AMI driver against moto server: instances and AMIs in us-east-1, copies in us-west-2.</summary>
[Collection(MotoFixture.Collection)]
public sealed class Ec2ImageDriverTests(MotoFixture moto) : IAsyncLifetime
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

    /// <summary>moto 5.2.1 rejects snapshot tags on CreateImage and drops CopyImage's tag specifications.</summary>
    private Ec2ImageDriver Driver(int page = Ec2Calls.MaxPageSize, int chunk = Ec2Calls.MaxFilterValues) =>
        new(_host.Clients, TimeProvider.System) { PageSize = page, ChunkSize = chunk, TagSnapshotsOnCreate = false, RetagAfterCopy = true };

    [Fact]
    public async Task DiscoverAsync_IdsOrTags_ReturnsUnionWithoutDuplicates()
    {
        var run = RunTag();
        var tagged = await _seed.InstancesAsync(2, run);
        var listed = await _seed.InstancesAsync(1);

        var found = await Driver().DiscoverAsync("orders", Primary, new ResourceSelector { Ids = [listed[0], tagged[0]], Tags = new() { [run.Key] = run.Value } }, Account, default);

        Assert.Equal(tagged.Append(listed[0]).Order(), found.Select(r => r.ResourceId).Order());
        Assert.All(found, r => Assert.Equal(ArtifactKind.Image, r.Kind));
    }

    [Fact]
    public async Task DiscoverAsync_ByIds_ExcludesTerminatedInstances()
    {
        var ids = await _seed.InstancesAsync(2);
        await _seed.Ec2().TerminateInstancesAsync(new Amazon.EC2.Model.TerminateInstancesRequest { InstanceIds = [ids[1]] });

        var found = await Driver().DiscoverAsync("orders", Primary, new ResourceSelector { Ids = ids }, Account, default);

        Assert.Equal(ids[0], Assert.Single(found).ResourceId);
    }

    [Fact]
    public async Task DiscoverAsync_SevenReservationsPagesOfThree_EveryInstanceInThreeCalls()
    {
        var run = RunTag();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.AddRange(await _seed.InstancesAsync(1, run));
        }
        _host.Counter.Reset();

        var found = await Driver(page: 3).DiscoverAsync("orders", Primary, new ResourceSelector { Tags = new() { [run.Key] = run.Value } }, Account, default);

        Assert.Equal(ids.Order(), found.Select(r => r.ResourceId).Order());
        Assert.Equal(3, _host.Counter.Count("ec2", Primary, "DescribeInstances")); // ceil(7 / 3): moto pages by reservation
    }

    [Fact]
    public async Task ListSourceArtifactsAsync_ImagesOfThreeInstances_TwoQueriesPerChunk()
    {
        var instances = await _seed.InstancesAsync(3);
        var byAnyone = await _seed.ImageAsync(instances[0]);
        var ours = await Driver().CreateSourceArtifactAsync(new ProtectedResource("orders", ArtifactKind.Image, Primary, instances[1]), "drs-orders-src", new Dictionary<string, string>(), Account, default);
        var third = await _seed.ImageAsync(instances[2]);
        var otherInstance = await _seed.InstancesAsync(1);
        await _seed.ImageAsync(otherInstance[0]);
        _host.Counter.Reset();

        var found = await Driver(chunk: 2).ListSourceArtifactsAsync(Primary, instances, Account, default);

        Assert.Equal(new[] { byAnyone, ours.Id, third }.Order(), found.Select(a => a.Id).Order());
        Assert.Equal(4, _host.Counter.Count("ec2", Primary, "DescribeImages")); // ceil(3 / 2) chunks x (source-instance-id, dr:resource-id)
        Assert.All(found, a =>
        {
            Assert.Equal(instances[new[] { byAnyone, ours.Id, third }.ToList().IndexOf(a.Id)], a.ResourceId);
            Assert.Equal(ArtifactState.Available, a.State);
            Assert.NotEmpty(a.BackingSnapshotIds);
        });
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_Instance_ImageNamedAndTaggedWithItsInstance()
    {
        var instance = (await _seed.InstancesAsync(1))[0];

        var created = await Driver().CreateSourceArtifactAsync(new ProtectedResource("orders", ArtifactKind.Image, Primary, instance), "drs-orders-web", new Dictionary<string, string> { [OwnershipTags.Application] = "orders" }, Account, default);

        var image = await _seed.FindImageAsync(Primary, created.Id);
        Assert.Equal("drs-orders-web", image!.Name);
        var tags = image.Tags!.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal((instance, "orders"), (tags[OwnershipTags.ResourceId], tags[OwnershipTags.Application]));
        Assert.Equal((instance, ArtifactState.Pending), (created.ResourceId, created.State));
    }

    [Fact]
    public async Task CreateSourceArtifactAsync_Answers500AfterTakingEffect_AdoptsTheImageWithoutASecondCall()
    {
        // CreateImage has no ClientToken: an SDK retry after a lost answer would make a second image (or, in AWS, be
        // refused as InvalidAMIName.Duplicate and fail the run although the image exists).
        var instance = (await _seed.InstancesAsync(1))[0];
        _host.Faults.FailAfterCall(Primary, "ec2", "InternalError", 500, limit: 1, operation: "CreateImage");
        var tags = new Dictionary<string, string> { [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue, [OwnershipTags.Application] = "orders" };

        var created = await Driver().CreateSourceArtifactAsync(new ProtectedResource("orders", ArtifactKind.Image, Primary, instance), "drs-orders-web-lost", tags, Account, default);

        Assert.Equal(1, _host.Counter.Count("ec2", Primary, "CreateImage"));
        var named = await _seed.Ec2().DescribeImagesAsync(new Amazon.EC2.Model.DescribeImagesRequest
        {
            Owners = ["self"],
            Filters = [new Amazon.EC2.Model.Filter("name", ["drs-orders-web-lost"])],
        });
        Assert.Equal([created.Id], named.Images.Select(i => i.ImageId));
    }

    [Fact]
    public async Task StartCopyAsync_Image_CopyInDrRegionCarriesOwnershipAndSourceTags()
    {
        var source = await SourceImageAsync();

        var copyId = await Driver().StartCopyAsync(OrderFor("orders", source), Account, default);

        var copy = await _seed.FindImageAsync(Dr, copyId);
        Assert.Equal($"drs-orders-{source.Id}", copy!.Name);
        var tags = copy.Tags!.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal((OwnershipTags.ManagedByValue, "orders", source.Id, Primary), (tags[OwnershipTags.ManagedBy], tags[OwnershipTags.Application], tags[OwnershipTags.SourceId], tags[OwnershipTags.SourceRegion]));
        Assert.Equal("blue", tags["team"]);
    }

    [Fact]
    public async Task StartCopyAsync_SourceImageMissing_ThrowsAwsServiceExceptionWithCode()
    {
        var source = new Artifact(ArtifactKind.Image, Primary, "ami-0123456789abcdef0", "i-0123456789abcdef0", DateTimeOffset.UnixEpoch, ArtifactState.Available);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Driver().StartCopyAsync(OrderFor("orders", source), Account, default));

        Assert.Equal(("InvalidAMIID.NotFound", "ec2", Dr, "CopyImage"), (error.ErrorCode, error.Service, error.Region, error.Operation));
    }

    [Fact]
    public async Task ListCopiesAsync_OwnedAndUnownedImages_ReturnsOwnedOnly()
    {
        var (owned, unowned) = await TwoDrImagesAsync();

        var copies = await Driver().ListCopiesAsync(Dr, "orders", Account, default);

        Assert.Contains(owned, copies.Select(c => c.Id));
        Assert.DoesNotContain(unowned, copies.Select(c => c.Id));
        Assert.All(copies, c => Assert.True(c.IsOwned));
    }

    [Fact]
    public async Task DescribeAsync_OneIdMissing_ReturnsTheOthers()
    {
        var (owned, unowned) = await TwoDrImagesAsync();

        var found = await Driver().DescribeAsync(Dr, [owned, "ami-00000000000dead00", unowned], Account, default);

        Assert.Equal(new[] { owned, unowned }.Order(), found.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task DeleteCopyAsync_OwnedCopy_DeregistersItAndDeletesItsSnapshots()
    {
        var (owned, _) = await TwoDrImagesAsync();
        var copy = Assert.Single(await Driver().DescribeAsync(Dr, [owned], Account, default));
        Assert.NotEmpty(copy.BackingSnapshotIds);

        await Driver().DeleteCopyAsync(copy, Account, default);

        Assert.Null(await _seed.FindImageAsync(Dr, owned));
        foreach (var snapshot in copy.BackingSnapshotIds)
        {
            Assert.False(await _seed.SnapshotExistsAsync(Dr, snapshot));
        }
    }

    [Fact]
    public async Task DeleteCopyAsync_UnownedImage_RefusesAndTheImageRemains()
    {
        var (_, unowned) = await TwoDrImagesAsync();
        var artifact = Assert.Single(await Driver().DescribeAsync(Dr, [unowned], Account, default));
        _host.Counter.Reset();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Driver().DeleteCopyAsync(artifact, Account, default));

        Assert.Contains(unowned, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Counter.Count("ec2", "*", "DeregisterImage"));
        Assert.NotNull(await _seed.FindImageAsync(Dr, unowned));
    }

    [Fact]
    public void ClientToken_SameKey_StableAndWithinEc2Limit()
    {
        var token = Ec2ImageDriver.ClientToken("orders/Image/us-east-1/ami-1");

        Assert.Equal(token, Ec2ImageDriver.ClientToken("orders/Image/us-east-1/ami-1"));
        Assert.NotEqual(token, Ec2ImageDriver.ClientToken("orders/Image/us-east-1/ami-2"));
        Assert.InRange(token.Length, 1, 64);
    }

    private async Task<Artifact> SourceImageAsync()
    {
        var instance = (await _seed.InstancesAsync(1))[0];
        await _seed.ImageAsync(instance, KeyValuePair.Create("team", "blue"));
        return Assert.Single(await Driver().ListSourceArtifactsAsync(Primary, [instance], Account, default));
    }

    /// <summary>A copy made by the driver and an AMI copied into us-west-2 by someone else (no ownership tags).</summary>
    private async Task<(string Owned, string Unowned)> TwoDrImagesAsync()
    {
        var source = await SourceImageAsync();
        var owned = await Driver().StartCopyAsync(OrderFor("orders", source), Account, default);
        var unowned = await _seed.Ec2(Dr).CopyImageAsync(new Amazon.EC2.Model.CopyImageRequest { SourceImageId = source.Id, SourceRegion = Primary, Name = $"manual-{Guid.NewGuid():N}" });
        return (owned, unowned.ImageId);
    }
}
