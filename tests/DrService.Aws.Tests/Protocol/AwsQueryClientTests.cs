using DrService.Aws.Errors;
using DrService.Aws.Protocol;
using DrService.Testing;

namespace DrService.Aws.Tests.Protocol;

[Collection(MotoFixture.Collection)]
public sealed class AwsQueryClientTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Region = "us-east-1";
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

    private static QueryRequest Rds(string action) => new("rds", "2014-10-31", action);

    [Fact]
    public async Task CallAsync_DescribeDBInstancesInEmptyRegion_ReturnsEmptyResult()
    {
        var result = await _host.Query.CallAsync("eu-west-3", "default", Rds("DescribeDBInstances"), CancellationToken.None);

        Assert.Equal("DescribeDBInstancesResult", result.Name.LocalName);
        Assert.Empty(result.Path("DBInstances", "DBInstance"));
    }

    [Fact]
    public async Task CallAsync_CreateThenDescribeDBInstance_FindsTheInstance()
    {
        var create = Rds("CreateDBInstance")
            .With("DBInstanceIdentifier", "orders-db")
            .With("DBInstanceClass", "db.t3.micro")
            .With("Engine", "postgres")
            .With("AllocatedStorage", 20)
            .With("MasterUsername", "admin")
            .With("MasterUserPassword", "secret-password")
            .WithTags("Tags.Tag", [new("dr:managed-by", "drservice")]);

        var created = await _host.Query.CallAsync(Region, "default", create, CancellationToken.None);
        var described = await _host.Query.CallAsync(Region, "default", Rds("DescribeDBInstances").With("DBInstanceIdentifier", "orders-db"), CancellationToken.None);

        Assert.Equal("orders-db", created.Child("DBInstance")?.ChildValue("DBInstanceIdentifier"));
        var instance = Assert.Single(described.Path("DBInstances", "DBInstance"));
        Assert.Equal("postgres", instance.ChildValue("Engine"));
    }

    [Fact]
    public async Task CallAsync_UnknownDBInstance_ThrowsAwsServiceExceptionWithCodeAndRequestId()
    {
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => _host.Query.CallAsync(
            Region, "default", Rds("DescribeDBInstances").With("DBInstanceIdentifier", "missing-db"), CancellationToken.None));

        Assert.Equal("DBInstanceNotFound", ex.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
        Assert.Equal("rds", ex.Service);
        Assert.Equal(Region, ex.Region);
        Assert.Equal("DescribeDBInstances", ex.Operation);
        Assert.False(ex.IsRetryable);
        Assert.Equal(1, _host.Counter.Count("rds", Region, "DescribeDBInstances"));
    }

    [Fact]
    public async Task PaginateAsync_MoreThanOnePage_FollowsEveryMarker()
    {
        const string region = "us-west-1";
        for (var i = 0; i < 25; i++)
        {
            await _host.Query.CallAsync(region, "default", Rds("CreateDBParameterGroup")
                .With("DBParameterGroupName", $"group-{i:D2}")
                .With("DBParameterGroupFamily", "postgres16")
                .With("Description", "pagination test"), CancellationToken.None);
        }
        var request = Rds("DescribeDBParameterGroups").With("MaxRecords", 20);
        var firstPage = await _host.Query.CallAsync(region, "default", request, CancellationToken.None);
        _host.Counter.Reset();

        var names = new List<string>();
        await foreach (var group in _host.Query.PaginateAsync(region, "default", request, r => r.Path("DBParameterGroups", "DBParameterGroup")))
        {
            names.Add(group.ChildValue("DBParameterGroupName")!);
        }

        Assert.False(string.IsNullOrEmpty(firstPage.ChildValue("Marker")));
        Assert.Equal(25, names.Count(n => n.StartsWith("group-", StringComparison.Ordinal)));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(_host.Counter.Count("rds", region, "DescribeDBParameterGroups") >= 2);
    }
}
