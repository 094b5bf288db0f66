using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Testing;

namespace DrService.Aws.Tests.Rds;

[Collection(MotoFixture.Collection)]
public sealed class RdsInstanceTests(MotoFixture moto) : RdsMotoTestBase(moto)
{
    [Fact]
    public async Task CreateDBInstance_WithTags_DescribeByIdReturnsTheMappedInstance()
    {
        var created = await CreatePostgresAsync(Primary, "orders-db", new Dictionary<string, string> { ["app"] = "orders" });

        var instance = Assert.Single(await Rds.DescribeDBInstancesAsync(Primary, new DbInstanceQuery("orders-db"), cancellationToken: Ct));

        Assert.Equal("orders-db", created.Identifier);
        Assert.Equal("orders-db", instance.Identifier);
        Assert.StartsWith("arn:aws:rds:us-east-1:", instance.Arn, StringComparison.Ordinal);
        Assert.Equal("available", instance.Status);
        Assert.Equal("postgres", instance.Engine);
        Assert.Equal("db.t3.micro", instance.InstanceClass);
        Assert.Equal(20, instance.AllocatedStorage);
        Assert.False(string.IsNullOrEmpty(instance.EndpointAddress));
        Assert.NotNull(instance.EndpointPort);
        Assert.NotNull(instance.InstanceCreateTime);
        Assert.False(instance.IsReadReplica);
        Assert.Equal("orders", instance.Tags["app"]);
    }

    [Fact]
    public async Task DescribeDBInstances_ByFilter_ReturnsOnlyMatchingInstances()
    {
        await CreatePostgresAsync(Primary, "filter-a");
        await CreatePostgresAsync(Primary, "filter-b");

        var found = await Rds.DescribeDBInstancesAsync(
            Primary, new DbInstanceQuery(Filters: [new RdsFilter("db-instance-id", "filter-b")]), cancellationToken: Ct);

        Assert.Equal(["filter-b"], found.Select(i => i.Identifier));
    }

    [Fact]
    public async Task DescribeDBInstances_MoreThanOnePage_ReturnsEveryInstanceOverSeveralCalls()
    {
        const string region = "us-west-1";
        for (var i = 0; i < 25; i++)
        {
            await CreatePostgresAsync(region, $"page-{i:D2}");
        }
        Rds.PageSize = 20;
        Host.Counter.Reset();

        var all = await Rds.DescribeDBInstancesAsync(region, cancellationToken: Ct);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"page-{i:D2}"), all.Select(i => i.Identifier).Order(StringComparer.Ordinal));
        Assert.True(Host.Counter.Count("rds", region, "DescribeDBInstances") > 1);
    }

    [Fact]
    public async Task CreateDBInstanceReadReplica_CrossRegionFromSourceArn_ReplicaInDrRegionNamesItsSource()
    {
        var source = await CreatePostgresAsync(Primary, "replicated-db");

        var replica = await Rds.CreateDBInstanceReadReplicaAsync(
            Dr, new DbReadReplicaCreate("replicated-db-dr", source.Arn, Primary, "db.t3.micro", Tags: Owned("orders", "replicated-db")), cancellationToken: Ct);
        var described = Assert.Single(await Rds.DescribeDBInstancesAsync(Dr, new DbInstanceQuery("replicated-db-dr"), cancellationToken: Ct));
        var sourceAfter = Assert.Single(await Rds.DescribeDBInstancesAsync(Primary, new DbInstanceQuery("replicated-db"), cancellationToken: Ct));

        Assert.Equal("replicated-db-dr", replica.Identifier);
        Assert.StartsWith("arn:aws:rds:us-west-2:", described.Arn, StringComparison.Ordinal);
        Assert.True(described.IsReadReplica);
        Assert.Contains("replicated-db", described.ReadReplicaSourceDBInstanceIdentifier, StringComparison.Ordinal);
        Assert.Contains(sourceAfter.ReadReplicaDBInstanceIdentifiers, id => id.Contains("replicated-db-dr", StringComparison.Ordinal));
        Assert.Equal("drservice", described.Tags["dr:managed-by"]);
    }

    [Fact]
    public async Task PromoteReadReplica_CrossRegionReplica_AnswersWithTheAvailableInstance()
    {
        var source = await CreatePostgresAsync(Primary, "promote-src");
        await Rds.CreateDBInstanceReadReplicaAsync(Dr, new DbReadReplicaCreate("promote-dr", source.Arn, Primary), cancellationToken: Ct);

        var answer = await Rds.PromoteReadReplicaAsync(Dr, "promote-dr", backupRetentionPeriod: 7, cancellationToken: Ct);
        var promoted = Assert.Single(await Rds.DescribeDBInstancesAsync(Dr, new DbInstanceQuery("promote-dr"), cancellationToken: Ct));

        Assert.Equal("promote-dr", answer.Identifier);
        Assert.Equal("available", promoted.Status);
        // moto 5.2.1 keeps ReadReplicaSourceDBInstanceIdentifier after a promotion (AWS clears it): IsReadReplica not asserted.
    }

    [Fact]
    public async Task DeleteDBInstance_ExistingInstance_IsGoneAfterwards()
    {
        await CreatePostgresAsync(Primary, "doomed-db");

        await Rds.DeleteDBInstanceAsync(Primary, "doomed-db", cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(
            () => Rds.DescribeDBInstancesAsync(Primary, new DbInstanceQuery("doomed-db"), cancellationToken: Ct));
        Assert.Equal("DBInstanceNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task DescribeDBInstances_UnknownId_ThrowsDBInstanceNotFound()
    {
        var ex = await Assert.ThrowsAsync<AwsServiceException>(
            () => Rds.DescribeDBInstancesAsync(Primary, new DbInstanceQuery("no-such-db"), cancellationToken: Ct));

        Assert.Equal("DBInstanceNotFound", ex.ErrorCode);
        Assert.Equal("DescribeDBInstances", ex.Operation);
        Assert.Equal(Primary, ex.Region);
    }
}
