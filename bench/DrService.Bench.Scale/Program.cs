using System.Diagnostics;
using System.Globalization;
using DrService.Aws;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Aws.Rds;
using DrService.Backups;
using DrService.Backups.Drivers;
using DrService.Backups.Engine;
using DrService.Bench.BackupCycle;
using DrService.Bench.Scale;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Replication;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/DrService.Bench.Scale [-- --scale full|half|tenth] [--requests N] [--overview-only | --skip-backup]
// Starts its own moto server (stopped by pid on exit, also on an exception or Ctrl+C), seeds 200 applications with
// 10,000 protected resources (full), runs one backup cycle of every application through the real BackupCycle and one
// monitoring cycle through the real MonitoringCycle with the real monitors, then times the dashboard overview in the
// real service hosted in-process against the same database.
var scale = Scale.Full;
var requests = 50;
var overviewOnly = false;
var skipBackup = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale" when i + 1 < args.Length:
            scale = Scale.Parse(args[++i]);
            break;
        case "--requests" when i + 1 < args.Length:
            requests = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--overview-only":
            overviewOnly = true;
            break;
        case "--skip-backup":
            skipBackup = true;
            break;
        default:
            throw new ArgumentException($"unknown argument {args[i]}; usage: [--scale full|half|tenth] [--requests N] [--overview-only | --skip-backup]");
    }
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
var inv = CultureInfo.InvariantCulture;
void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : ["?", "?", "?"];
await using var moto = await MotoServer.StartAsync(ct);
var folder = Directory.CreateTempSubdirectory("drs-bench-scale-");
try
{
    Log($"moto server pid {moto.ProcessId} at {moto.Endpoint}; SQLite in {folder.FullName}; scale {scale.Name}; load average {string.Join(' ', load)}");
    var estate = new Estate(scale);
    var dataDirectory = Path.Combine(folder.FullName, "data");
    if (overviewOnly)
    {
        // The overview at this size without the hours moto needs for the cycles (see StateAtSize).
        StateAtSize.AssignIds(estate);
        var atSize = Seeder.Settings(estate, moto.Endpoint, dataDirectory);
        int statusRows, conditionRows;
        await using (var writer = Services(atSize))
        {
            await writer.MigrateDrDatabaseAsync(ct);
            (statusRows, conditionRows) = await StateAtSize.WriteAsync(estate, writer.GetRequiredService<DrService.Backups.State.BackupStore>(), writer.GetRequiredService<ConditionStore>(), ct);
        }
        SqliteConnection.ClearAllPools();
        Log(string.Create(inv, $"state written through the real stores: {estate.Apps.Count} applications, {estate.Resources:N0} resources, {statusRows:N0} backup status rows, {conditionRows:N0} conditions"));
        foreach (var t in await Overview.TimeAsync(atSize, folder.FullName, requests, ct))
        {
            Log(t.Note ?? string.Create(inv, $"GET {t.Path}: median {t.Median.TotalMilliseconds:F1} ms, p95 {t.P95.TotalMilliseconds:F1} ms over {t.Requests} requests, {t.Bytes:N0} bytes"));
        }
        var loadEnd = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : ["?", "?", "?"];
        Log($"load average {string.Join(' ', loadEnd)}");
        return;
    }

    // Seeding (not measured), with a provider of its own: the measured one is configured with the seeded ids.
    var seeding = Stopwatch.StartNew();
    long seedCalls;
    int seededCopies;
    await using (var seedProvider = Services(Seeder.Settings(new Estate(scale with { Applications = 0 }), moto.Endpoint, dataDirectory)))
    {
        await seedProvider.MigrateDrDatabaseAsync(ct);
        var seeder = new Seeder(seedProvider.GetRequiredService<IAwsClientFactory>(), seedProvider.GetRequiredService<IRdsClient>(),
            seedProvider.GetServices<IArtifactDriver>(), estate);
        await seeder.SeedAsync(m => Log($"seeded {m}"), ct);
        seededCopies = skipBackup ? 0 : await seeder.CopyMostAsync(ct);
        seedCalls = seedProvider.GetRequiredService<AwsCallCounter>().Count();
    }
    seeding.Stop();
    Log(string.Create(inv, $"seeded in {seeding.Elapsed.TotalSeconds:F0} s ({seedCalls:N0} calls): {estate.Resources:N0} resources in {estate.Apps.Count} applications, {seededCopies:N0} fresh DR copies"));

    var settings = Seeder.Settings(estate, moto.Endpoint, dataDirectory);
    await using var provider = Services(settings);
    var counter = provider.GetRequiredService<AwsCallCounter>();

    // 1. One backup cycle of every application, one after another (as the scheduler's per-application jobs run).
    var existing = new Dictionary<(string App, string Op), int>();
    foreach (var app in estate.Apps)
    {
        existing[(app.Name, "CopySnapshot")] = app.Volumes.Where((_, i) => (i + app.Index) % Scale.UncopiedEvery != 0).Count();
        existing[(app.Name, "CopyImage")] = app.Instances.Where((_, i) => (i + app.Index) % Scale.UncopiedEvery != 0).Count();
        existing[(app.Name, "CopyDBSnapshot")] = app.DbInstances.Where((_, i) => (i + app.Index) % Scale.UncopiedEvery != 0).Count();
    }
    var cycle = provider.GetRequiredService<BackupCycle>();
    var made = new Dictionary<(string App, string Op), int>();
    var backupOps = new Dictionary<string, long>(StringComparer.Ordinal);
    var outcomes = new List<BackupCycleResult>();
    var backupMemory = new MemoryProbe();
    var backupWall = Stopwatch.StartNew();
    // --skip-backup: the monitoring cycle at a size whose backup cycle moto cannot run in reasonable time.
    foreach (var app in skipBackup ? [] : estate.Apps)
    {
        counter.Reset();
        outcomes.Add(await cycle.RunAsync(app.Name, Run($"bench-scale-{app.Name}", BackupJobs.JobName(app.Name), app.Name), ct));
        foreach (var (scope, count) in counter.Snapshot())
        {
            backupOps[$"{scope.Service} {scope.Operation}"] = backupOps.GetValueOrDefault($"{scope.Service} {scope.Operation}") + count;
            if (scope.Operation.StartsWith("Copy", StringComparison.Ordinal))
            {
                made[(app.Name, scope.Operation)] = made.GetValueOrDefault((app.Name, scope.Operation)) + (int)count;
            }
        }
        if (app.Index % 20 == 19)
        {
            Log($"backup cycle: {app.Index + 1} of {estate.Apps.Count} applications");
        }
    }
    backupWall.Stop();
    await backupMemory.DisposeAsync();
    var backupMin = Minimum.Backup(estate, (a, op) => made.GetValueOrDefault((a.Name, op)), (a, op) => existing.GetValueOrDefault((a.Name, op)));
    var failures = outcomes.SelectMany(o => o.Failures).GroupBy(f => f.Code).Select(g => $"{g.Key} x{g.Count()}").ToList();
    Log(string.Create(inv, $"backup cycle: {backupWall.Elapsed.TotalSeconds:F1} s, {outcomes.Sum(o => o.CopiesIssued):N0} copies issued, {outcomes.Sum(o => o.CopiesCompleted):N0} completed, {outcomes.Sum(o => o.CopiesDeleted)} deleted, failures: {(failures.Count == 0 ? "none" : string.Join(", ", failures))}"));

    // 2. One monitoring cycle: the real job with the real monitors (RDS replicas, S3 replication).
    var monitoring = provider.GetRequiredService<MonitoringCycle>();
    counter.Reset();
    var monitorMemory = new MemoryProbe();
    var monitorWall = Stopwatch.StartNew();
    var monitorOutcome = await monitoring.RunAsync(Run("bench-scale-monitoring", MonitoringCycle.Kind, null), ct);
    monitorWall.Stop();
    await monitorMemory.DisposeAsync();
    var monitorOps = counter.Snapshot().GroupBy(kv => $"{kv.Key.Service} {kv.Key.Operation}").ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
    var conditions = await provider.GetRequiredService<ConditionStore>().ListAsync(null, ct);
    Log(string.Create(inv, $"monitoring cycle: {monitorWall.Elapsed.TotalSeconds:F1} s, {monitorOutcome.Message}"));

    if (skipBackup)
    {
        // The backup status rows the skipped cycle would have written, through the real store (see StateAtSize).
        var rows = await StateAtSize.WriteBackupStatusAsync(estate, provider.GetRequiredService<DrService.Backups.State.BackupStore>(), ct);
        Log(string.Create(inv, $"backup cycle skipped; {rows:N0} backup status rows written through the real store for the dashboard"));
    }

    // 3. The dashboard overview at this size, in the real service against the same database.
    await provider.DisposeAsync();
    SqliteConnection.ClearAllPools();
    var timings = await Overview.TimeAsync(settings, folder.FullName, requests, ct);
    foreach (var t in timings)
    {
        Log(t.Note ?? string.Create(inv, $"GET {t.Path}: median {t.Median.TotalMilliseconds:F0} ms, p95 {t.P95.TotalMilliseconds:F0} ms over {t.Requests} requests, {t.Bytes:N0} bytes"));
    }

    var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : ["?", "?", "?"];
    Report.Print(new ReportInput(scale, estate, seeding.Elapsed, seedCalls, seededCopies, load, loadAfter,
        skipBackup ? null : new Phase("Backup cycle, every application", backupWall.Elapsed, backupOps, backupMin, backupMemory, outcomes.Sum(o => o.CopiesIssued), string.Join(", ", failures)),
        new Phase("Monitoring cycle", monitorWall.Elapsed, monitorOps, Minimum.Monitoring(estate), monitorMemory, 0,
            string.Create(inv, $"{conditions.Count:N0} conditions stored, {conditions.Count(c => c.Status == ConditionStatus.False)} false, {conditions.Count(c => c.Status == ConditionStatus.Unknown)} unknown")),
        timings));
}
finally
{
    SqliteConnection.ClearAllPools();
    try
    {
        folder.Delete(recursive: true);
    }
    catch (IOException)
    {
    }
}

static ServiceProvider Services(Dictionary<string, string?> settings)
{
    var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    var services = new ServiceCollection();
    services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
    services.AddSingleton<IConfiguration>(config);
    services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
    services.AddDrStorage(StorageConnection.From(new StorageOptions { DataDirectory = settings["DrService:Storage:DataDirectory"]! }, "/"));
    services.AddDrAws(config);
    services.Configure<DrOptions>(config.GetSection(DrOptions.SectionName));
    services.AddDrBackups();
    services.AddDrMonitoring();
    services.AddDrReplicationWatch();
    return services.BuildServiceProvider();
}

static JobRunContext Run(string key, string job, string? app) =>
    new(key, job, app, DateTimeOffset.UtcNow, Resumed: false, NoProgress.Instance);

internal sealed class NoProgress : IJobProgress
{
    public static NoProgress Instance { get; } = new();

    public Task ReportAsync(int done, int total, string? message, CancellationToken cancellationToken) => Task.CompletedTask;
}
