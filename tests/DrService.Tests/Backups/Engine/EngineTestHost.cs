using DrService.Aws;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Aws.Rds;
using DrService.Backups;
using DrService.Backups.Drivers;
using DrService.Backups.Engine;
using DrService.Backups.Model;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Testing;
using DrService.Testing.Models;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// The backup engine wired as the host wires it: <c>AddDrStorage</c> on a migrated SQLite file, the AWS layer against
/// moto server (static keys, the fault controller, short SDK retries), <c>AddDrBackups()</c>, the real audit log, and
/// a <see cref="DrOptions"/> a test adds its applications to. The system clock with 10 ms poll and retry delays:
/// moto completes copies at once, so a cycle never waits long.
/// </summary>
internal sealed class EngineTestHost : IAsyncDisposable
{
    public const string Primary = "us-east-1";
    public const string Dr = "us-west-2";

    private readonly ServiceProvider _provider;
    private readonly TestDatabase _database;

    private EngineTestHost(ServiceProvider provider, TestDatabase database, DrOptions options, Uri endpoint)
    {
        _provider = provider;
        _database = database;
        Options = options;
        Endpoint = endpoint;
    }

    public DrOptions Options { get; }

    public Uri Endpoint { get; }

    public IServiceProvider Services => _provider;

    public BackupCycle Cycle => _provider.GetRequiredService<BackupCycle>();

    public BackupJobs Jobs => _provider.GetRequiredService<BackupJobs>();

    public BackupStore Store => _provider.GetRequiredService<BackupStore>();

    public AwsCallCounter Counter => _provider.GetRequiredService<AwsCallCounter>();

    public FaultController Faults => _provider.GetRequiredService<FaultController>();

    public IAwsClientFactory Clients => _provider.GetRequiredService<IAwsClientFactory>();

    public IRdsClient Rds => _provider.GetRequiredService<IRdsClient>();

    public IArtifactDriver Driver(ArtifactKind kind) => _provider.GetServices<IArtifactDriver>().Single(d => d.Kind == kind);

    public static async Task<EngineTestHost> StartAsync(Uri motoEndpoint)
    {
        var options = new DrOptions
        {
            Regions = new RegionsOptions { Primary = Primary, Dr = Dr },
            Backups = new BackupsOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(10),
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                RetryMaxDelay = TimeSpan.FromMilliseconds(40),
                MaxCopyAttempts = 4,
            },
        };
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
        services.AddDrBackups();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.MigrateDrDatabaseAsync();
        return new EngineTestHost(provider, database, options, motoEndpoint);
    }

    /// <summary>Adds an application (unique name per test) protecting what <paramref name="resources"/> selects.</summary>
    public ApplicationOptions AddApplication(string name, Action<ApplicationResourcesOptions> resources, Action<ApplicationOptions>? configure = null)
    {
        var app = new ApplicationOptions { Rpo = TimeSpan.FromHours(1), Rto = TimeSpan.FromHours(4) };
        resources(app.Resources);
        configure?.Invoke(app);
        Options.Applications[name] = app;
        return app;
    }

    /// <summary>One cycle, called the way the job runner calls it (run key <c>backup-{app}-{scheduled}</c> unless given).</summary>
    public Task<BackupCycleResult> RunCycleAsync(string application, string? runKey = null, DateTimeOffset? scheduledAt = null, CancellationToken cancellationToken = default) =>
        Cycle.RunAsync(application, Context(application, runKey, scheduledAt), cancellationToken);

    public static JobRunContext Context(string application, string? runKey = null, DateTimeOffset? scheduledAt = null) =>
        new(runKey ?? $"{BackupJobs.JobName(application)}-{Guid.NewGuid():N}", BackupJobs.JobName(application), application,
            scheduledAt ?? DateTimeOffset.UtcNow, false, new NoProgress());

    /// <summary>The application's per-resource status rows (not the kind-wide <c>*</c> rows), keyed by resource id.</summary>
    public async Task<Dictionary<string, ResourceStatusRecord>> StatusAsync(string application) =>
        (await Store.StatusAsync(application, default)).Where(s => s.ResourceId != "*").ToDictionary(s => s.ResourceId, StringComparer.Ordinal);

    /// <summary>The application's owned copies in the DR region, as the driver lists them.</summary>
    public async Task<IReadOnlyList<Artifact>> CopiesAsync(ArtifactKind kind, string application) =>
        await Driver(kind).ListCopiesAsync(Dr, application, ApplicationOptions.DefaultAccount, default);

    /// <summary>Every copy record of the application.</summary>
    public async Task<IReadOnlyList<CopyRecord>> CopyRecordsAsync(string application)
    {
        await using var db = await _provider.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Copies.AsNoTracking().Where(c => c.Application == application).ToListAsync();
    }

    /// <summary>The audit records of one action (<c>backup.source.delete</c>...).</summary>
    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string action)
    {
        await using var db = await _provider.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.AsNoTracking().Where(a => a.Action == action).ToListAsync();
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

    private sealed class NoProgress : IJobProgress
    {
        public Task ReportAsync(int done, int total, string? message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
