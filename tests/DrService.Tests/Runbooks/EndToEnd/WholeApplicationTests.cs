using DrService.Backups.Engine;
using DrService.Backups.Model;
using DrService.Dns;
using DrService.Testing;
using DrService.Tests.Backups.Engine;
using DrService.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// Issue 11: failover, failback and drills recover the whole application as configured, on an estate that is not the
/// demo's (<see cref="GeneralEstate"/>), through the real executor and store against moto, checked with the AWS CLI.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class WholeApplicationTests(MotoFixture moto) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestDatabase _database = null!;
    private SmokeEndpoint _smoke = null!;
    private EndToEndHost _host = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _database = TestDatabase.Sqlite();
        _smoke = new SmokeEndpoint();
        _cli = new AwsCli(moto.Endpoint);
        _host = await EndToEndHost.StartAsync(moto.Endpoint, _database, GeneralEstate.Options(_folder, _smoke.Url), smokeTestUrl: null);
        await Gate.WaitAsync();
        try
        {
            if (!_built)
            {
                await GeneralEstate.BuildAsync(_host.Clients, _host.Rds, _host.Route53, _host.Primary, _host.Dr);
                foreach (var app in new[] { "warehouse", "inventory" })
                {
                    var result = await _host.Services.GetRequiredService<BackupCycle>().RunAsync(app, EngineTestHost.Context(app), default);
                    Assert.True(result.Failures.Count == 0, string.Join("; ", result.Failures.Select(f => f.ToString())));
                    var reconciler = _host.Services.GetRequiredService<DnsFailoverReconciler>();
                    await reconciler.ApplyAsync(app, (await reconciler.PlanAsync(app, default))!, "test", default);
                }
                _built = true;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _built;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _smoke.Dispose();
        _database.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task BackupCycle_GeneralEstate_CopiesEverySelectedResourceOnce_AndNothingElse()
    {
        var snapshots = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-snapshots", "--snapshot-type", "manual");
        var copiedDbs = snapshots.GetProperty("DBSnapshots").EnumerateArray()
            .Select(s => s.GetProperty("DBInstanceIdentifier").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(GeneralEstate.WarehouseDbs.Order(StringComparer.Ordinal), copiedDbs);
        Assert.DoesNotContain(GeneralEstate.Untouched, copiedDbs);

        var clusters = await _cli.JsonAsync(_host.Dr, "rds", "describe-db-cluster-snapshots", "--snapshot-type", "manual");
        Assert.Single(clusters.GetProperty("DBClusterSnapshots").EnumerateArray(), c => c.GetProperty("DBClusterIdentifier").GetString() == GeneralEstate.Cluster);

        var images = await _cli.JsonAsync(_host.Dr, "ec2", "describe-images", "--owners", "self", "--filters", "Name=tag:dr:managed-by,Values=drservice");
        var imageApps = images.GetProperty("Images").EnumerateArray()
            .Select(i => i.GetProperty("Tags").EnumerateArray().Single(t => t.GetProperty("Key").GetString() == OwnershipTags.Application).GetProperty("Value").GetString())
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["inventory", "warehouse", "warehouse"], imageApps);

        var volumes = await _cli.JsonAsync(_host.Dr, "ec2", "describe-snapshots", "--owner-ids", "self", "--filters", "Name=tag:dr:app,Values=warehouse");
        Assert.Equal(2, volumes.GetProperty("Snapshots").GetArrayLength());
    }
}
