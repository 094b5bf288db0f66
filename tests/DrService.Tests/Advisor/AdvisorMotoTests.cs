using DrService.Advisor;
using DrService.Aws.CloudWatch;
using DrService.Backups.Drivers;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Sandbox;
using DrService.Storage;
using DrService.Testing;
using DrService.Tests.Backups.Engine;
using DrService.Tests.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Advisor;

/// <summary>
/// The sandbox's demo estate (orders: tier A with a read replica; catalog: tier B) seeded into moto server by the
/// real <see cref="DemoEstateSeeder"/>, one backup cycle per application, then the advisor: the sizes come from AWS,
/// in a fixed number of batched calls, and are listed once per cache interval.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class AdvisorMotoTests(MotoFixture moto) : EngineTestBase(moto)
{
    private const long BucketBytes = 5L * 1024 * 1024 * 1024;

    [Fact]
    public async Task EvaluateAll_DemoEstateAfterABackupCycle_ReadsTheSizesFromAwsInBatchedCalls()
    {
        await SeedDemoEstateAsync();
        var advisor = Advisor();
        Host.Counter.Reset();

        var advice = (await advisor.EvaluateAllAsync(default)).ToDictionary(a => a.Application, StringComparer.Ordinal);

        var orders = advice["orders"].Sizes;
        Assert.Empty(orders.Warnings);
        Assert.Equal([(20L, EstateSizeReader.FromDrCopy), (40L, EstateSizeReader.FromDrCopy)], orders.Volumes.Select(v => (v.SizeGiB, v.Source)).Order());
        Assert.Equal(["t3.micro", "t3.micro"], orders.Instances.Select(i => i.InstanceType));
        Assert.Equal(new DatabaseSize("orders-db", "db.t3.micro", 20, 20), Assert.Single(orders.Databases));
        Assert.Equal(("orders-db-dr", "db.t3.micro"), (Assert.Single(orders.Replicas).Identifier, orders.Replicas[0].InstanceClass));
        Assert.Equal(BucketBytes, Assert.Single(orders.Buckets).Bytes);
        Assert.Null(Assert.Single(advice["catalog"].Sizes.Buckets).Bytes); // no BucketSizeBytes point: unpriced, not zero
        Assert.Contains(advice["catalog"].Rows[0].Cost.Unpriced, u => u.Item.Contains("drservice-demo-catalog", StringComparison.Ordinal));
        Assert.Equal([(20L, EstateSizeReader.FromDrCopy)], advice["catalog"].Sizes.Volumes.Select(v => (v.SizeGiB, v.Source)));

        // One listing per kind and region for both applications and all their resources.
        Assert.Equal(
            [1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L],
            [
                Host.Counter.Count("ec2", Dr, "DescribeSnapshots"), Host.Counter.Count("ec2", Dr, "DescribeImages"),
                Host.Counter.Count("rds", Dr, "DescribeDBSnapshots"), Host.Counter.Count("rds", Dr, "DescribeDBInstances"),
                Host.Counter.Count("ec2", Primary, "DescribeInstances"), Host.Counter.Count("ec2", Primary, "DescribeVolumes"),
                Host.Counter.Count("rds", Primary, "DescribeDBInstances"), Host.Counter.Count("monitoring", Primary, "GetMetricData"),
            ]);
        Assert.Equal(8, Host.Counter.Count());
    }

    [Fact]
    public async Task Evaluate_WithinTheCacheInterval_DoesNotListAgain()
    {
        await SeedDemoEstateAsync();
        var advisor = Advisor();
        Host.Counter.Reset();
        await advisor.EvaluateAllAsync(default);
        var first = Host.Counter.Count();

        var orders = await advisor.EvaluateAsync("orders", default);
        await advisor.EvaluateAllAsync(default);

        Assert.Equal(first, Host.Counter.Count());
        Assert.NotNull(orders);
        Assert.True(Assert.Single(orders.Rows, r => r.Current).Tier == ApplicationTier.A);
        Assert.Equal(4, orders.Stricter.Count);
        Assert.Contains("(median of the newest", orders.Rows.Single(r => r.Tier == ApplicationTier.B).Rpo.Detail, StringComparison.Ordinal);
        Assert.Null(await advisor.EvaluateAsync("unknown", default));
    }

    private async Task SeedDemoEstateAsync()
    {
        var demo = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        foreach (var (name, app) in demo.Applications)
        {
            Host.Options.Applications[name] = app;
        }
        var seeder = ActivatorUtilities.CreateInstance<DemoEstateSeeder>(Host.Services);
        await seeder.StartAsync(default);
        await Host.Services.GetRequiredService<ICloudWatchClient>().PutMetricDataAsync(Primary, "AWS/S3",
        [
            new MetricDatum("BucketSizeBytes")
            {
                Dimensions = [new("BucketName", "drservice-demo-orders"), new("StorageType", "StandardStorage")],
                Timestamp = DateTimeOffset.UtcNow.AddHours(-2),
                Value = BucketBytes,
                Unit = "Bytes",
            },
        ]);
        foreach (var name in demo.Applications.Keys)
        {
            await Host.RunCycleAsync(name);
        }
    }

    private AdvisorService Advisor()
    {
        var sp = Host.Services;
        var time = TimeProvider.System;
        var reader = new EstateSizeReader(sp.GetServices<IArtifactDriver>(), Host.Clients, Host.Rds, sp.GetRequiredService<ICloudWatchClient>(), time);
        var contexts = sp.GetRequiredService<IDbContextFactory<DrDbContext>>();
        var loader = new AdvisorInputsLoader(contexts, new ConditionStore(contexts, time), time);
        return new AdvisorService(reader, loader, new NoRecoveryMeasurements(), new BuiltInRunbookShapes(), new AdvisorBoard(),
            sp.GetRequiredService<IOptionsMonitor<DrOptions>>(), time);
    }
}
