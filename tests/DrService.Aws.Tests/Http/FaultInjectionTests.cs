using Amazon.EC2.Model;
using DrService.Aws.Errors;
using DrService.Aws.Protocol;
using DrService.Testing;

namespace DrService.Aws.Tests.Http;

/// <summary>The fault layer in front of the official SDK client (EC2) and our Query client, against moto server.</summary>
[Collection(MotoFixture.Collection)]
public sealed class FaultInjectionTests(MotoFixture moto) : IAsyncLifetime
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

    private static QueryRequest DescribeDBInstances => new("rds", "2014-10-31", "DescribeDBInstances");

    [Fact]
    public async Task Throttle_RateOneLimitTwo_SdkClientSucceedsOnThirdAttempt()
    {
        _host.Faults.Throttle("us-east-1", "ec2", rate: 1, limit: 2);

        await _host.Clients.Ec2("us-east-1").DescribeVolumesAsync(new DescribeVolumesRequest());

        Assert.Equal(3, _host.Counter.Count("ec2", "us-east-1", "DescribeVolumes"));
    }

    [Fact]
    public async Task Throttle_RateOneLimitTwo_QueryClientSucceedsOnThirdAttempt()
    {
        _host.Faults.Throttle("us-east-1", "rds", rate: 1, limit: 2);

        await _host.Query.CallAsync("us-east-1", "default", DescribeDBInstances, CancellationToken.None);

        Assert.Equal(3, _host.Counter.Count("rds", "us-east-1", "DescribeDBInstances"));
    }

    [Fact]
    public async Task Throttle_MoreThanMaxAttempts_QueryClientThrowsThrottling()
    {
        _host.Faults.Throttle("us-east-1", "rds", rate: 1, limit: 10);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(
            () => _host.Query.CallAsync("us-east-1", "default", DescribeDBInstances, CancellationToken.None));

        Assert.Equal("Throttling", ex.ErrorCode);
        Assert.True(ex.IsThrottling);
        Assert.Equal(5, _host.Counter.Count("rds", "us-east-1", "DescribeDBInstances"));
    }

    [Fact]
    public async Task ServerErrors_BurstOfTwo_SdkClientSucceedsOnThirdAttempt()
    {
        _host.Faults.ServerErrors("us-east-1", "ec2", rate: 1, limit: 2);

        await _host.Clients.Ec2("us-east-1").DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] });

        Assert.Equal(3, _host.Counter.Count("ec2", "us-east-1", "DescribeSnapshots"));
    }

    [Fact]
    public async Task ServerErrors_BurstOfTwo_QueryClientSucceedsOnThirdAttempt()
    {
        _host.Faults.ServerErrors("us-east-1", "rds", rate: 1, limit: 2);

        await _host.Query.CallAsync("us-east-1", "default", DescribeDBInstances, CancellationToken.None);

        Assert.Equal(3, _host.Counter.Count("rds", "us-east-1", "DescribeDBInstances"));
    }

    [Fact]
    public async Task MakeDark_SdkClient_FailsFastWithoutRetryWhileOtherRegionWorks()
    {
        _host.Faults.MakeDark("us-east-1");

        var ex = await Assert.ThrowsAsync<AwsRegionUnavailableException>(
            () => _host.Clients.Ec2("us-east-1").DescribeVolumesAsync(new DescribeVolumesRequest()));
        await _host.Clients.Ec2("us-west-2").DescribeVolumesAsync(new DescribeVolumesRequest());

        Assert.Equal("us-east-1", ex.Region);
        Assert.Equal(1, _host.Counter.Count("ec2", "us-east-1"));
        Assert.Equal(1, _host.Counter.Count("ec2", "us-west-2"));
    }

    [Fact]
    public async Task MakeDark_QueryClient_FailsFastWithoutRetryWhileOtherRegionWorks()
    {
        _host.Faults.MakeDark("us-east-1", "rds");

        var ex = await Assert.ThrowsAsync<AwsRegionUnavailableException>(
            () => _host.Query.CallAsync("us-east-1", "default", DescribeDBInstances, CancellationToken.None));
        await _host.Query.CallAsync("us-west-2", "default", DescribeDBInstances, CancellationToken.None);

        Assert.Equal("us-east-1", ex.Region);
        Assert.Equal("rds", ex.Service);
        Assert.Equal(1, _host.Counter.Count("rds", "us-east-1"));
        Assert.Equal(1, _host.Counter.Count("rds", "us-west-2"));
    }

    [Fact]
    public async Task Clear_AfterMakeDark_RegionAnswersAgain()
    {
        _host.Faults.MakeDark("us-east-1");
        _host.Faults.Clear();

        await _host.Query.CallAsync("us-east-1", "default", DescribeDBInstances, CancellationToken.None);

        Assert.Equal(1, _host.Counter.Count("rds", "us-east-1"));
    }

    [Fact]
    public async Task ConfiguredRule_WhenEnabled_AppliesLikeRuntimeRule()
    {
        using var host = new AwsTestHost(moto.Endpoint, o =>
        {
            o.Faults.Enabled = true;
            o.Faults.Rules.Add(new Configuration.FaultRule { Region = "us-east-1", Service = "rds", ThrottleRate = 1, Limit = 1 });
        });

        await host.Query.CallAsync("us-east-1", "default", DescribeDBInstances, CancellationToken.None);

        Assert.Equal(2, host.Counter.Count("rds", "us-east-1", "DescribeDBInstances"));
    }
}
