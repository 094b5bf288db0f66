using DrService.Aws;
using DrService.Aws.CloudWatch;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Aws.Rds;
using DrService.Aws.Route53;
using DrService.Backups;
using DrService.Backups.Engine;
using DrService.Configuration;
using DrService.Dns;
using DrService.Runbooks;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Drills;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Hosting;
using DrService.Runbooks.Lifecycle;
using DrService.Sandbox;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Testing;
using DrService.Testing.Models;
using DrService.Tests.Backups.Engine;
using DrService.Tests.Configuration;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DrService.Tests.Runbooks.Drills;

/// <summary>
/// The runbook host as DrHost wires it (AddDrRunbookActions + AddDrRunbooks: EfExecutionStore on SQLite, engine,
/// executor, service, drill reports, sweeper) on the AWS layer against moto, with the shipped appsettings.json's
/// applications; orders' smoke test points at the given URL. Hosted services are not started: the
/// tests drive the executor (<see cref="RunbookExecutor.ClaimAsync"/>) and the sweeper (<see cref="DrillSweeper.SweepAsync"/>).
/// </summary>
internal sealed class DrillTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly TestDatabase _database;

    private DrillTestHost(ServiceProvider provider, TestDatabase database, DrOptions options)
    {
        _provider = provider;
        _database = database;
        Options = options;
    }

    public DrOptions Options { get; }

    public string Dr => Options.Regions.Dr;

    public string Primary => Options.Regions.Primary;

    public IServiceProvider Services => _provider;

    public AwsCallCounter Counter => _provider.GetRequiredService<AwsCallCounter>();

    public FaultController Faults => _provider.GetRequiredService<FaultController>();

    public IAwsClientFactory Clients => _provider.GetRequiredService<IAwsClientFactory>();

    public IRdsClient Rds => _provider.GetRequiredService<IRdsClient>();

    public IExecutionStore Store => _provider.GetRequiredService<IExecutionStore>();

    public DrillSweeper Sweeper => _provider.GetRequiredService<DrillSweeper>();

    public static async Task<DrillTestHost> StartAsync(Uri motoEndpoint, Uri smokeUrl)
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options!;
        options.Backups.PollInterval = TimeSpan.FromMilliseconds(10);
        options.Backups.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        options.Backups.RetryMaxDelay = TimeSpan.FromMilliseconds(40);
        options.Runbooks.PollInterval = TimeSpan.FromMilliseconds(50);
        options.Applications["orders"].Recovery.SmokeTestUrl = smokeUrl;
        var database = TestDatabase.Sqlite();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
        services.AddSingleton(new FaultController(new Random(42)));
        services.Configure<AwsOptions>(o =>
        {
            o.ServiceUrl = motoEndpoint;
            o.EmulatorQuirks = EmulatorQuirks.Moto;
            o.Retry.MaxAttempts = 3;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        });
        services.AddModelConformance();
        services.AddDrAwsServices();
        services.AddDrStorage(database.Connection);
        services.AddSingleton<IOptionsMonitor<DrOptions>>(new FixedMonitor(options));
        services.AddSingleton<IOptions<DrOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(new ServiceInstance("test-instance"));
        services.AddDrBackups();
        services.AddDrDns();
        services.AddSingleton(new StepActionSettings { PollInterval = TimeSpan.FromMilliseconds(10), DefaultWaitTimeout = TimeSpan.FromSeconds(30), Quirks = EmulatorQuirks.Moto });
        services.AddDrRunbookActions();
        services.AddDrRunbooks(AppContext.BaseDirectory);
        var provider = services.BuildServiceProvider();
        await provider.MigrateDrDatabaseAsync();
        return new DrillTestHost(provider, database, options);
    }

    /// <summary>The sandbox's demo estate, one backup cycle per application (the DR copies), and orders' DNS records.</summary>
    public async Task SeedAsync()
    {
        var seeder = new DemoEstateSeeder(Clients, Rds, _provider.GetRequiredService<IRoute53Client>(), _provider.GetRequiredService<ICloudWatchClient>(),
            _provider.GetRequiredService<IOptions<DrOptions>>(), TimeProvider.System, NullLogger<DemoEstateSeeder>.Instance);
        await seeder.StartAsync(default);
        foreach (var app in new[] { "orders", "catalog" })
        {
            var result = await _provider.GetRequiredService<BackupCycle>().RunAsync(app, EngineTestHost.Context(app), default);
            Assert.Empty(result.Failures);
        }
        var reconciler = _provider.GetRequiredService<DnsFailoverReconciler>();
        var plan = await reconciler.PlanAsync("orders", default);
        await reconciler.ApplyAsync("orders", plan!, "test", default);
    }

    /// <summary>Starts a drill through RunbookService and runs it to its end on this process's executor (ended handlers included).</summary>
    public async Task<ExecutionRecord> RunDrillAsync(string application)
    {
        var execution = await _provider.GetRequiredService<RunbookService>().StartAsync(
            new StartRunbook(null, application, ExecutionMode.Drill, "test", null, RunbookPurpose.Drill), default);
        var executor = _provider.GetRequiredService<RunbookExecutor>();
        await executor.ClaimAsync(default);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (executor.Running.Count > 0 || !(await Store.GetAsync(execution.Id, default))!.Phase.IsTerminal())
        {
            await Task.Delay(20, bound.Token);
        }
        return (await Store.GetAsync(execution.Id, default))!;
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync()
    {
        await using var db = await _provider.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _database.Dispose();
    }

    private sealed class FixedMonitor(DrOptions value) : IOptionsMonitor<DrOptions>
    {
        public DrOptions CurrentValue => value;

        public DrOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DrOptions, string?> listener) => null;
    }
}
