using System.Net;
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

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// The runbook stack as the host wires it (AddDrRunbookActions + AddDrRunbooks: the built-in runbooks, the real
/// <c>EfExecutionStore</c> on SQLite, <c>RunbookEngine</c>, <c>RunbookExecutor</c>, <c>RunbookService</c>, the
/// failover trigger) on the AWS layer against moto server, with the shipped appsettings.json's applications (orders:
/// tier A, catalog: tier B). The executor is started and stopped by the test (<see cref="StartExecutorAsync"/>);
/// several hosts (instances) may share one database. The smoke-test URL of both applications is
/// <see cref="SmokeEndpoint"/>, a loopback listener the test owns (the sandbox's <c>/sandbox/endpoints/...</c> needs the
/// web host, which is not running here).
/// </summary>
internal sealed class EndToEndHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly CancellationTokenSource _stopping = new();
    private bool _executorStarted;

    private EndToEndHost(ServiceProvider provider, DrOptions options)
    {
        _provider = provider;
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

    public RunbookService Runbooks => _provider.GetRequiredService<RunbookService>();

    public RunbookExecutor Executor => _provider.GetRequiredService<RunbookExecutor>();

    public IExecutionStore Store => _provider.GetRequiredService<IExecutionStore>();

    public static Task<EndToEndHost> StartAsync(Uri motoEndpoint, TestDatabase database, Uri smokeTestUrl, string instanceId = "e2e-1",
        bool requireApproval = false, TimeSpan? leaseDuration = null) =>
        StartAsync(motoEndpoint, database, ConfigurationFileBuilder.Validate(Repository.AppSettings).Options!, smokeTestUrl, instanceId, requireApproval, leaseDuration);

    /// <summary>The same stack on other applications (an estate that is not the sandbox's); a null smoke URL keeps each application's own.</summary>
    public static async Task<EndToEndHost> StartAsync(Uri motoEndpoint, TestDatabase database, DrOptions options, Uri? smokeTestUrl, string instanceId = "e2e-1",
        bool requireApproval = false, TimeSpan? leaseDuration = null)
    {
        options.Backups.PollInterval = TimeSpan.FromMilliseconds(10);
        options.Backups.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        options.Backups.RetryMaxDelay = TimeSpan.FromMilliseconds(40);
        options.Runbooks.PollInterval = TimeSpan.FromMilliseconds(50);
        options.Runbooks.LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(30);
        foreach (var app in options.Applications.Values)
        {
            app.Recovery.SmokeTestUrl = smokeTestUrl ?? app.Recovery.SmokeTestUrl;
            app.Recovery.RequireApproval = requireApproval;
        }
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ServiceInstance(instanceId));
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
        services.AddDrDns();
        services.AddSingleton(new StepActionSettings { PollInterval = TimeSpan.FromMilliseconds(10), DefaultWaitTimeout = TimeSpan.FromSeconds(30), Quirks = EmulatorQuirks.Moto });
        services.AddDrRunbookActions();
        services.AddDrRunbooks(Path.GetDirectoryName(Repository.AppSettings)!);
        var provider = services.BuildServiceProvider();
        await provider.MigrateDrDatabaseAsync();
        return new EndToEndHost(provider, options);
    }

    /// <summary>The sandbox's demo estate (orders, catalog), one backup cycle per application (the DR copies), and the DNS failover records of both.</summary>
    public async Task SeedEstateAsync()
    {
        var seeder = new DemoEstateSeeder(Clients, Rds, Route53, _provider.GetRequiredService<ICloudWatchClient>(),
            _provider.GetRequiredService<IOptions<DrOptions>>(), TimeProvider.System, NullLogger<DemoEstateSeeder>.Instance);
        await seeder.StartAsync(default);
        foreach (var app in new[] { "orders", "catalog" })
        {
            var result = await _provider.GetRequiredService<BackupCycle>().RunAsync(app, EngineTestHost.Context(app), default);
            Assert.Empty(result.Failures);
            var reconciler = _provider.GetRequiredService<DnsFailoverReconciler>();
            var plan = await reconciler.PlanAsync(app, default);
            await reconciler.ApplyAsync(app, plan!, "test", default);
        }
    }

    /// <summary>Starts the executor as the host does (a hosted service on this instance).</summary>
    public async Task StartExecutorAsync()
    {
        _executorStarted = true;
        await Executor.StartAsync(_stopping.Token);
    }

    /// <summary>Stops the executor as a shutdown does: its runs stop without writing anything terminal.</summary>
    public async Task StopExecutorAsync()
    {
        if (_executorStarted)
        {
            _executorStarted = false;
            await _stopping.CancelAsync();
            await Executor.StopAsync(default);
        }
    }

    public Task<ExecutionRecord> StartAsync(string? runbook, string application, string actor = "alice", RunbookPurpose purpose = RunbookPurpose.Failover) =>
        Runbooks.StartAsync(new StartRunbook(runbook, application, ExecutionMode.Production, actor, Purpose: purpose), default);

    public Task<IReadOnlyList<JournalEntry>> JournalAsync(string executionId) => Store.ReadJournalAsync(executionId, 0, default);

    /// <summary>Waits (bounded, never asserted on) until the journal satisfies <paramref name="until"/>; returns the journal.</summary>
    public async Task<IReadOnlyList<JournalEntry>> WaitForJournalAsync(string executionId, Func<IReadOnlyList<JournalEntry>, bool> until, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var journal = await JournalAsync(executionId);
            if (until(journal))
            {
                return journal;
            }
            if (journal.Any(e => e.Kind == JournalEntryKind.ExecutionEnded))
            {
                Assert.Fail($"Execution {executionId} ended before the awaited state: {Describe(journal)}");
            }
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Execution {executionId} never reached the awaited state: {Describe(journal)}");
            }
        }
    }

    /// <summary>Waits until the execution's record is terminal; returns it.</summary>
    public async Task<ExecutionRecord> WaitForEndAsync(string executionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var record = await Store.GetAsync(executionId, default);
            if (record!.Phase.IsTerminal())
            {
                return record;
            }
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Execution {executionId} did not end (phase {record.Phase}): {Describe(await JournalAsync(executionId))}");
            }
        }
    }

    public static string Describe(IEnumerable<JournalEntry> journal) =>
        string.Join("; ", journal.Select(e => $"{e.Sequence} {e.Kind} {e.StepId}#{e.Attempt} {e.Code} {e.Message}"));

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync()
    {
        await using var db = await _provider.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopExecutorAsync();
        await _provider.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed class FixedMonitor(DrOptions value) : IOptionsMonitor<DrOptions>
    {
        public DrOptions CurrentValue => value;

        public DrOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DrOptions, string?> listener) => null;
    }
}

/// <summary>
/// A loopback HTTP endpoint standing in for the recovered application's health URL: answers 200 to every GET, and
/// holds each answer while <see cref="Hold"/> is set (to keep a run inside its smoke test).
/// </summary>
internal sealed class SmokeEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile TaskCompletionSource _release = Released();
    private int _requests;

    public SmokeEndpoint()
    {
        var port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/health");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers are held from now on until <see cref="Release"/>.</summary>
    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        await _release.Task;
        try
        {
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        Release();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>Moto reset and the seeded estate once per test class; a fresh database, host and smoke endpoint per test.</summary>
public abstract class EndToEndTestBase(MotoFixture moto) : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Type? _seededFor;

    private protected TestDatabase Database { get; private set; } = null!;

    private protected SmokeEndpoint Smoke { get; private set; } = null!;

    private protected EndToEndHost Host { get; private set; } = null!;

    private protected MotoFixture Moto { get; } = moto;

    private protected virtual bool RequireApproval => false;

    public async Task InitializeAsync()
    {
        await Moto.BeginClassAsync(GetType());
        Database = TestDatabase.Sqlite();
        Smoke = new SmokeEndpoint();
        Host = await CreateHostAsync("e2e-1");
        await Gate.WaitAsync();
        try
        {
            if (_seededFor != GetType())
            {
                await Host.SeedEstateAsync();
                _seededFor = GetType();
            }
        }
        finally
        {
            Gate.Release();
        }
        Host.Counter.Reset();
    }

    private protected Task<EndToEndHost> CreateHostAsync(string instanceId, TimeSpan? leaseDuration = null) =>
        EndToEndHost.StartAsync(Moto.Endpoint, Database, Smoke.Url, instanceId, RequireApproval, leaseDuration);

    /// <summary>Replaces the host (a test that needs other settings, e.g. a short lease).</summary>
    private protected async Task ReplaceHostAsync(EndToEndHost host)
    {
        await Host.DisposeAsync();
        Host = host;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Smoke.Dispose();
        Database.Dispose();
    }
}
