using DrService.Aws.CloudWatch;
using DrService.Aws.Route53;
using DrService.Configuration;
using DrService.Dns;
using DrService.Storage;
using DrService.Testing;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Dns;

/// <summary>
/// The DNS feature wired as AddDrDns wires it, on moto server (IRoute53Client, call counter), a migrated SQLite
/// database (the real audit log), a fake clock, and a mutable <see cref="DrOptions"/>.
/// </summary>
internal sealed class DnsTestHost : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private ServiceProvider _services = null!;

    private DnsTestHost(Uri moto)
    {
        Aws = new AwsTestHost(moto);
        Cli = new AwsCli(moto);
    }

    public AwsTestHost Aws { get; }

    public AwsCli Cli { get; }

    public DrOptions Options { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public IRoute53Client Route53 => Aws.Services.GetRequiredService<IRoute53Client>();

    public ICloudWatchClient CloudWatch => Aws.Services.GetRequiredService<ICloudWatchClient>();

    public DnsFailoverReconciler Reconciler => _services.GetRequiredService<DnsFailoverReconciler>();

    public DnsMonitor Monitor => _services.GetRequiredService<DnsMonitor>();

    public static async Task<DnsTestHost> StartAsync(MotoFixture moto)
    {
        var host = new DnsTestHost(moto.Endpoint);
        host._services = host._database.BuildServices(host.Time, s =>
        {
            s.AddSingleton(host.Route53);
            s.AddSingleton(host.CloudWatch);
            s.AddSingleton<IOptionsMonitor<DrOptions>>(new FixedOptionsMonitor(host.Options));
            s.AddDrDns();
        });
        await host._services.MigrateDrDatabaseAsync();
        return host;
    }

    public void Add(string application, params DnsRecordOptions[] records) =>
        Options.Applications[application] = new ApplicationOptions { Resources = new ApplicationResourcesOptions { DnsRecords = [.. records] } };

    public async Task<string> ZoneAsync(string name) =>
        (await Route53.CreateHostedZoneAsync(new NewHostedZone(name, $"test-{name}"))).Zone.Id;

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>
    /// Simulates Route 53 publishing its verdict on <paramref name="checkId"/> (moto publishes no Route 53 metrics):
    /// AWS/Route53 HealthCheckStatus in us-east-1, one point a minute ago. The CloudWatch client reads on the system clock.
    /// </summary>
    public Task PutHealthCheckStatusAsync(string checkId, double value) =>
        CloudWatch.PutMetricDataAsync("us-east-1", "AWS/Route53",
            [new MetricDatum("HealthCheckStatus") { Dimensions = [new("HealthCheckId", checkId)], Value = value, Timestamp = DateTimeOffset.UtcNow.AddMinutes(-1) }]);

    /// <summary>The health checks tagged as DrService's check of <paramref name="application"/>'s record <paramref name="name"/> (type A).</summary>
    public async Task<IReadOnlyList<HealthCheck>> OwnedChecksAsync(string application, string name)
    {
        var owned = new List<HealthCheck>();
        foreach (var check in await Route53.ListHealthChecksAsync())
        {
            var tags = await Route53.ListTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id);
            if (tags.GetValueOrDefault("dr:app") == application && tags.GetValueOrDefault("dr:record") == $"{name}/A" && tags.GetValueOrDefault("dr:managed-by") == "drservice")
            {
                owned.Add(check);
            }
        }
        return owned;
    }

    /// <summary>Calls of Route 53 operations whose name starts with <paramref name="prefix"/> (Change, Create, Update...).</summary>
    public long Calls(string prefix) =>
        Aws.Counter.Snapshot().Where(c => c.Key.Service == "route53" && c.Key.Operation.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Aws.Dispose();
        _database.Dispose();
    }

    private sealed class FixedOptionsMonitor(DrOptions value) : IOptionsMonitor<DrOptions>
    {
        public DrOptions CurrentValue => value;

        public DrOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DrOptions, string?> listener) => null;
    }
}
