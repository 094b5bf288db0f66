using DrService.Aws;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Backups.Drivers;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DrService.Tests.Runbooks.Actions.ActionsTestHost;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// Emulator workarounds are named quirks (<c>DrService:Aws:EmulatorQuirks</c>), never implied by an endpoint override:
/// with <c>Aws:ServiceUrl</c> set (a VPC or FIPS endpoint) and no quirk, DrService behaves as against AWS (issue 14, item 17).
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class EmulatorQuirksTests(MotoFixture moto)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddDrRunbookActions_EndpointOverride_WorkaroundsOnlyForNamedQuirks(bool quirks)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
        services.AddSingleton(new FaultController(new Random(42)));
        services.Configure<AwsOptions>(o =>
        {
            o.ServiceUrl = new Uri("https://vpce-0123-abcd.ec2.us-west-2.vpce.amazonaws.com");
            o.EmulatorQuirks = quirks ? EmulatorQuirks.Moto : new EmulatorQuirks();
        });
        services.AddDrAwsServices();
        services.AddEc2ArtifactDrivers();
        services.AddDrRunbookActions();
        using var provider = services.BuildServiceProvider();

        var image = provider.GetServices<IArtifactDriver>().OfType<Ec2ImageDriver>().Single();
        var settings = provider.GetRequiredService<StepActionSettings>();

        Assert.Equal(
            (TagSnapshotsOnCreate: !quirks, RetagAfterCopy: quirks, PromotedReplicaKeepsSource: quirks),
            (image.TagSnapshotsOnCreate, image.RetagAfterCopy, settings.Quirks.PromotedReplicaKeepsSource));
    }

    /// <remarks>
    /// moto keeps ReadReplicaSourceDBInstanceIdentifier after PromoteReadReplica. Without the PromotedReplicaKeepsSource
    /// quirk the action demands AWS's evidence (no replication source), so against moto it waits and gives up, where
    /// before it took "available and tagged ours" as promoted whenever ServiceUrl was set.
    /// </remarks>
    [Fact]
    public async Task PromoteReplica_EndpointOverrideWithoutQuirk_DemandsTheReplicationSourceCleared()
    {
        await moto.BeginClassAsync(GetType());
        await using var host = await StartAsync(moto.Endpoint, new EmulatorQuirks());
        await host.SeedEstateAsync();
        var parameters = RunbookParameters.For(host.Options, "orders");
        var context = Context("orders", ExecutionMode.Production, new Dictionary<string, string>
        {
            ["replica"] = parameters["replica"], ["region"] = parameters["drRegion"], ["timeout"] = "00:00:01",
        });
        var promote = host.Action("rds.promote-replica");

        var failure = await Assert.ThrowsAsync<StepFailedException>(() => promote.ExecuteAsync(context, default));

        Assert.Equal("WaitTimeout", failure.Code);
        Assert.Null(await promote.CheckAsync(context, default));
    }
}
