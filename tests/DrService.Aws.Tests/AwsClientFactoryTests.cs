using Amazon.EC2.Model;
using DrService.Testing;

namespace DrService.Aws.Tests;

[Collection(MotoFixture.Collection)]
public sealed class AwsClientFactoryTests(MotoFixture moto) : IAsyncLifetime
{
    private AwsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = new AwsTestHost(moto.Endpoint);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ec2_CreateVolumeInTwoRegions_KeepsRegionsApart()
    {
        var east = _host.Clients.Ec2("us-east-1");
        var west = _host.Clients.Ec2("us-west-2");

        var created = await east.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-east-1a", Size = 8 });
        var eastVolumes = await east.DescribeVolumesAsync(new DescribeVolumesRequest());
        var westVolumes = await west.DescribeVolumesAsync(new DescribeVolumesRequest());

        Assert.Contains(eastVolumes.Volumes, v => v.VolumeId == created.Volume.VolumeId);
        Assert.DoesNotContain(westVolumes.Volumes ?? [], v => v.VolumeId == created.Volume.VolumeId);
        Assert.Equal(1, _host.Counter.Count("ec2", "us-east-1", "CreateVolume"));
        Assert.Equal(1, _host.Counter.Count("ec2", "us-west-2", "DescribeVolumes"));
    }

    [Fact]
    public void Ec2_SameRegionAndAccount_ReturnsCachedClient()
    {
        Assert.Same(_host.Clients.Ec2("us-east-1"), _host.Clients.Ec2("us-east-1"));
        Assert.NotSame(_host.Clients.Ec2("us-east-1"), _host.Clients.Ec2("us-west-2"));
    }

    [Fact]
    public async Task S3_PutAndListBucketThroughOverride_UsesPathStyle()
    {
        var s3 = _host.Clients.S3("us-east-1");

        await s3.PutBucketAsync("dr-factory-test");
        var buckets = await s3.ListBucketsAsync();

        Assert.Contains(buckets.Buckets, b => b.BucketName == "dr-factory-test");
    }
}
