using DrService.Aws.Protocol;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// rds.detach-global-secondary and rds.create-global-cluster against moto. The DR region here is us-east-1, the only
/// region where moto 5.2.1 detaches a member (<see cref="MotoGlobalDatabase"/>); the writer is in us-west-2.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class GlobalDatabaseActionTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Dr = "us-east-1";
    private ActionsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = await ActionsTestHost.StartAsync(moto.Endpoint);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<(string WriterArn, string SecondaryArn)> GlobalAsync(string id) =>
        MotoGlobalDatabase.CreateAsync(_host.Rds, _host.Services.GetRequiredService<AwsQueryClient>(), id, "us-west-2", Dr);

    [Fact]
    public async Task Detach_Twice_DetachesOnceAndCheckFindsTheStandaloneCluster()
    {
        var (writer, secondary) = await GlobalAsync("ga-detach");
        var detach = _host.Action("rds.detach-global-secondary");
        var context = Context("orders", ExecutionMode.Production, new Dictionary<string, string>
        {
            ["region"] = Dr, ["globalCluster"] = "ga-detach", ["secondaryCluster"] = secondary,
        });
        Assert.Null(await detach.CheckAsync(context, default));

        var first = await detach.ExecuteAsync(context, default);
        var second = await detach.ExecuteAsync(context, default);
        var check = await detach.CheckAsync(context, default);

        Assert.Equal("ga-detach-secondary", first.Outputs["dbCluster"]);
        Assert.Equal("ga-detach-secondary", first.Outputs[WellKnownOutputs.Recovered]);
        Assert.False(string.IsNullOrEmpty(first.Outputs["writerEndpoint"]));
        Assert.Equal("", first.Outputs[WellKnownOutputs.Created]);
        Assert.Equal(first.Outputs, second.Outputs);
        Assert.NotNull(check);
        Assert.Equal(first.Outputs[WellKnownOutputs.RecoveryPoint], check.Outputs[WellKnownOutputs.RecoveryPoint]);
        var global = Assert.Single(await _host.Rds.DescribeGlobalClustersAsync(Dr, "ga-detach"), g => g.Identifier == "ga-detach");
        Assert.Equal([writer], global.Members.Select(m => m.DBClusterArn));
        var cluster = Assert.Single(await _host.Rds.DescribeDBClustersAsync(Dr, new Aws.Rds.DbClusterQuery("ga-detach-secondary")));
        Assert.Equal("ga-detach", cluster.Tags[RunbookTags.DetachedFrom]);
        Assert.False(cluster.Tags.ContainsKey("dr:managed-by")); // production's database now: no clean-up may delete it
        var audit = Assert.Single(await _host.AuditAsync(), a => a.Action == "runbook.rds.detach-global-secondary");
        Assert.Equal("succeeded", audit.Result);
    }

    [Fact]
    public async Task CreateGlobalCluster_FromTheDetachedCluster_Twice_OneGlobalDatabaseWithItAsMember()
    {
        var (_, secondary) = await GlobalAsync("ga-rebuild");
        await _host.Rds.RemoveFromGlobalClusterAsync(Dr, "ga-rebuild", secondary);
        var create = _host.Action("rds.create-global-cluster");
        var context = Context("orders", ExecutionMode.Production, new Dictionary<string, string>
        {
            ["region"] = Dr, ["globalCluster"] = "ga-rebuild-rebuilt", ["sourceCluster"] = secondary,
        });
        Assert.Null(await create.CheckAsync(context, default));

        var first = await create.ExecuteAsync(context, default);
        var second = await create.ExecuteAsync(context, default);

        Assert.Equal(first.Outputs, second.Outputs);
        Assert.NotNull(await create.CheckAsync(context, default));
        var rebuilt = Assert.Single(await _host.Rds.DescribeGlobalClustersAsync(Dr, "ga-rebuild-rebuilt"), g => g.Identifier == "ga-rebuild-rebuilt");
        Assert.Equal([secondary], rebuilt.Members.Select(m => m.DBClusterArn));
        Assert.Single(await _host.AuditAsync(), a => a.Action == "runbook.rds.create-global-cluster" && a.Result == "succeeded");
    }
}
