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
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Sandbox;
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

namespace DrService.Tests.Runbooks.Actions;

/// <summary>
/// The step actions wired as the host wires them (AddDrRunbookActions, on the AWS layer against moto server, the real
/// audit log on SQLite, the backup engine and the DNS reconciler), with the shipped appsettings.json's applications
/// (orders: tier A, catalog: tier B) and the sandbox's demo estate. Waiting actions poll every 10 ms.
/// </summary>
internal sealed class ActionsTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly TestDatabase _database;

    private ActionsTestHost(ServiceProvider provider, TestDatabase database, DrOptions options)
    {
        _provider = provider;
        _database = database;
        Options = options;
    }

    public DrOptions Options { get; }

    public string Primary => Options.Regions.Primary;

    public string Dr => Options.Regions.Dr;

    public IServiceProvider Services => _provider;

    public AwsCallCounter Counter => _provider.GetRequiredService<AwsCallCounter>();

    public FaultController Faults => _provider.GetRequiredService<FaultController>();

    public IAwsClientFactory Clients => _provider.GetRequiredService<IAwsClientFactory>();

    public IRdsClient Rds => _provider.GetRequiredService<IRdsClient>();

    public IRoute53Client Route53 => _provider.GetRequiredService<IRoute53Client>();

    public IStepActionCatalog Catalog => _provider.GetRequiredService<IStepActionCatalog>();

    public IStepAction Action(string name) => Catalog.Find(name) ?? throw new InvalidOperationException($"no action {name}");

    /// <summary><paramref name="quirks"/>: the emulator quirks the host works around (default: all of moto's).</summary>
    public static async Task<ActionsTestHost> StartAsync(Uri motoEndpoint, EmulatorQuirks? quirks = null)
    {
        quirks ??= EmulatorQuirks.Moto;
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options!;
        options.Backups.PollInterval = TimeSpan.FromMilliseconds(10);
        options.Backups.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        options.Backups.RetryMaxDelay = TimeSpan.FromMilliseconds(40);
        var database = TestDatabase.Sqlite();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
        services.AddSingleton(new FaultController(new Random(42)));
        services.Configure<AwsOptions>(o =>
        {
            o.ServiceUrl = motoEndpoint;
            o.EmulatorQuirks = quirks;
            o.Retry.MaxAttempts = 3;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        });
        services.AddModelConformance();
        services.AddDrAwsServices();
        services.AddDrStorage(database.Connection);
        services.AddSingleton<IOptionsMonitor<DrOptions>>(new FixedMonitor(options));
        services.AddSingleton<IOptions<DrOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        services.AddDrBackups();
        services.AddDrDns();
        services.AddSingleton(new StepActionSettings { PollInterval = TimeSpan.FromMilliseconds(10), DefaultWaitTimeout = TimeSpan.FromSeconds(30), Quirks = quirks });
        services.AddDrRunbookActions();
        var provider = services.BuildServiceProvider();
        await provider.MigrateDrDatabaseAsync();
        return new ActionsTestHost(provider, database, options);
    }

    /// <summary>The sandbox's demo estate (orders, catalog), then one backup cycle per application: the DR copies.</summary>
    public async Task SeedEstateWithCopiesAsync()
    {
        var seeder = new DemoEstateSeeder(Clients, Rds, Route53, _provider.GetRequiredService<ICloudWatchClient>(),
            _provider.GetRequiredService<IOptions<DrOptions>>(), TimeProvider.System, NullLogger<DemoEstateSeeder>.Instance);
        await seeder.StartAsync(default);
        foreach (var app in new[] { "orders", "catalog" })
        {
            var result = await _provider.GetRequiredService<BackupCycle>().RunAsync(app, EngineTestHost.Context(app), default);
            Assert.Empty(result.Failures);
        }
    }

    /// <summary>The sandbox's demo estate only (no backup cycle).</summary>
    public Task SeedEstateAsync() =>
        new DemoEstateSeeder(Clients, Rds, Route53, _provider.GetRequiredService<ICloudWatchClient>(),
            _provider.GetRequiredService<IOptions<DrOptions>>(), TimeProvider.System, NullLogger<DemoEstateSeeder>.Instance).StartAsync(default);

    /// <summary>Provisions the application's failover records and health check, as POST /api/v1/dns/{app}/apply does.</summary>
    public async Task ProvisionDnsAsync(string application)
    {
        var reconciler = _provider.GetRequiredService<DnsFailoverReconciler>();
        var plan = await reconciler.PlanAsync(application, default);
        await reconciler.ApplyAsync(application, plan!, "test", default);
    }

    public static StepContext Context(string application, ExecutionMode mode, IReadOnlyDictionary<string, string> inputs, string? executionId = null, string step = "step") => new()
    {
        ExecutionId = executionId ?? $"x{Guid.NewGuid():N}"[..13],
        RunbookId = "test-runbook",
        StepId = step,
        Application = application,
        Mode = mode,
        Attempt = 1,
        Inputs = inputs,
        Log = (_, _) => Task.CompletedTask,
    };

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

/// <summary>Moto reset and the seeded estate once per test class; a fresh host (database, counters) per test.</summary>
public abstract class ActionsTestBase(MotoFixture moto) : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Type? _seededFor;

    private protected ActionsTestHost Host { get; private set; } = null!;

    private protected MotoFixture Moto { get; } = moto;

    public async Task InitializeAsync()
    {
        await Moto.BeginClassAsync(GetType());
        Host = await ActionsTestHost.StartAsync(Moto.Endpoint);
        await Gate.WaitAsync();
        try
        {
            if (_seededFor != GetType())
            {
                await Host.SeedEstateWithCopiesAsync();
                await SeedMoreAsync();
                _seededFor = GetType();
            }
        }
        finally
        {
            Gate.Release();
        }
        Host.Counter.Reset();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private protected virtual Task SeedMoreAsync() => Task.CompletedTask;
}
