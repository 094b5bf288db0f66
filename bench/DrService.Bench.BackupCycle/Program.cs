using System.Diagnostics;
using System.Globalization;
using DrService.Aws;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Aws.Rds;
using DrService.Backups;
using DrService.Backups.Engine;
using DrService.Bench.BackupCycle;
using DrService.Configuration;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/DrService.Bench.BackupCycle [-- --scale small|full] [--cli N]
// Starts its own moto server (stopped by pid on exit, also on an exception or Ctrl+C), seeds it, runs one backup cycle
// of every application through the real BackupCycle twice (copies, then the steady state), and compares a CLI loop.
var scale = Scale.Small;
var cliSample = -1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale" when i + 1 < args.Length:
            scale = args[++i] switch
            {
                "full" => Scale.Full,
                "small" => Scale.Small,
                var other => throw new ArgumentException($"--scale {other}: small or full"),
            };
            break;
        case "--cli" when i + 1 < args.Length:
            cliSample = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            throw new ArgumentException($"unknown argument {args[i]}; usage: [--scale small|full] [--cli N]");
    }
}
scale = cliSample >= 0 ? scale with { CliSample = cliSample } : scale;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
var inv = CultureInfo.InvariantCulture;
var pollInterval = TimeSpan.FromSeconds(1);

await using var moto = await MotoServer.StartAsync(ct);
var folder = Directory.CreateTempSubdirectory("drs-bench-cycle-");
try
{
    Console.WriteLine($"moto server pid {moto.ProcessId} at {moto.Endpoint}; SQLite in {folder.FullName}; scale {scale.Name}");
    var estate = new Estate(scale);
    const string SampleApp = "cli-sample";

    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["DrService:Aws:ServiceUrl"] = moto.Endpoint.ToString(),
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
    services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
    services.AddDrStorage(StorageConnection.From(new StorageOptions { DataDirectory = "data" }, folder.FullName));
    services.AddDrAws(config);
    services.Configure<DrOptions>(o =>
    {
        o.Regions.Primary = Estate.Primary;
        o.Regions.Dr = Estate.Dr;
        // The smallest interval the configuration accepts: moto completes copies at once, so every poll round waits this long for nothing.
        o.Backups.PollInterval = pollInterval;
        foreach (var app in estate.Apps)
        {
            ResourceSelector? Select(List<string> ids) => ids.Count == 0 ? null
                : app.ByIds ? new ResourceSelector { Ids = [.. ids] }
                : new ResourceSelector { Tags = new() { [BenchApp.Tag] = app.Name } };
            o.Applications[app.Name] = new ApplicationOptions
            {
                Rpo = TimeSpan.FromHours(4),
                Rto = TimeSpan.FromHours(8),
                Backup = new ApplicationBackupOptions { SourceRegion = app.Region == Estate.Primary ? null : app.Region },
                Resources = new ApplicationResourcesOptions { Volumes = Select(app.Volumes), Instances = Select(app.Instances), DbInstances = Select(app.DbInstances) },
            };
        }
        o.Applications[SampleApp] = new ApplicationOptions
        {
            Rpo = TimeSpan.FromHours(4),
            Rto = TimeSpan.FromHours(8),
            Resources = new ApplicationResourcesOptions { Volumes = new ResourceSelector { Tags = new() { [Seeder.SampleTag] = "drs" } } },
        };
    });
    services.AddDrBackups();
    await using var provider = services.BuildServiceProvider();
    await provider.MigrateDrDatabaseAsync(ct);
    var counter = provider.GetRequiredService<AwsCallCounter>();
    var cycle = provider.GetRequiredService<BackupCycle>();
    var seeder = new Seeder(provider.GetRequiredService<IAwsClientFactory>(), provider.GetRequiredService<IRdsClient>(), estate);

    // Seeding: not measured.
    var seeding = Stopwatch.StartNew();
    await seeder.SeedAsync(ct);
    var cliIds = await seeder.SampleAsync("cli", scale.CliSample, ct);
    await seeder.SampleAsync("drs", scale.CliSample, ct);
    seeding.Stop();
    var seededCalls = counter.Count();
    Console.WriteLine(string.Create(inv, $"Seeded in {seeding.Elapsed.TotalSeconds:F1} s ({seededCalls:N0} calls): {estate.Apps.Sum(a => a.Snapshots):N0} EBS snapshots of {estate.Apps.Sum(a => a.Volumes.Count):N0} volumes, {estate.Apps.Sum(a => a.Images):N0} AMIs of {estate.Apps.Sum(a => a.Instances.Count):N0} instances, {estate.Apps.Sum(a => a.DbSnapshots):N0} DB snapshots of {estate.Apps.Sum(a => a.DbInstances.Count):N0} DB instances; {estate.Apps.Count} applications ({estate.Apps.Count(a => a.Region != Estate.Primary)} in {Estate.Second}); CLI sample 2 x {scale.CliSample} snapshots"));

    var madeBefore = new Dictionary<(string App, string Op), int>();
    var results = new List<CycleRun>();
    for (var n = 1; n <= 2; n++)
    {
        var made = new Dictionary<(string App, string Op), int>();
        var ops = new Dictionary<(string Service, string Op), long>();
        var outcomes = new List<BackupCycleResult>();
        var probe = new MemoryProbe();
        var wall = Stopwatch.StartNew();
        foreach (var app in estate.Apps)
        {
            counter.Reset();
            outcomes.Add(await cycle.RunAsync(app.Name, Run($"bench-cycle{n}-{app.Name}", app.Name), ct));
            foreach (var (scope, count) in counter.Snapshot().Select(kv => (kv.Key, kv.Value)))
            {
                ops[(scope.Service, scope.Operation)] = ops.GetValueOrDefault((scope.Service, scope.Operation)) + count;
                if (scope.Operation.StartsWith("Copy", StringComparison.Ordinal))
                {
                    made[(app.Name, scope.Operation)] = made.GetValueOrDefault((app.Name, scope.Operation)) + (int)count;
                }
            }
        }
        wall.Stop();
        await probe.DisposeAsync();
        var before = madeBefore;
        var minimum = Minimum.Of(estate, (a, op) => made.GetValueOrDefault((a.Name, op)), (a, op) => before.GetValueOrDefault((a.Name, op)));
        results.Add(new CycleRun(n, wall.Elapsed, ops, minimum, outcomes, probe));
        foreach (var (key, value) in made)
        {
            madeBefore[key] = madeBefore.GetValueOrDefault(key) + value;
        }
        Console.WriteLine(string.Create(inv, $"Cycle {n}: {wall.Elapsed.TotalSeconds:F1} s, {outcomes.Sum(o => o.CopiesIssued):N0} copies issued, {outcomes.Sum(o => o.CopiesCompleted):N0} completed, {outcomes.Sum(o => o.CopiesDeleted)} deleted, {outcomes.Sum(o => o.Failures.Count)} failures {string.Join(", ", outcomes.SelectMany(o => o.Failures).GroupBy(f => f.Code).Select(g => $"{g.Key} x{g.Count()}"))}"));
    }

    // Side by side: the same kind of copy, N fresh snapshots each, a bash loop over the AWS CLI vs one DrService cycle.
    var endpoint = moto.Endpoint.ToString().TrimEnd('/');
    var script = $"for id in {string.Join(' ', cliIds)}; do aws ec2 copy-snapshot --source-region {Estate.Primary} --source-snapshot-id \"$id\" --region {Estate.Dr} --endpoint-url {endpoint} --output text --query SnapshotId >/dev/null || exit 1; done";
    var cliWall = Stopwatch.StartNew();
    var (code, _, stderr) = await ExternalTool.RunAsync("bash", ["-c", script], new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_PAGER"] = string.Empty,
        ["PATH"] = $"{Path.GetDirectoryName(AwsCli.Executable)}:{Environment.GetEnvironmentVariable("PATH")}",
    }, TimeSpan.FromMinutes(30), ct);
    cliWall.Stop();
    if (code != 0)
    {
        throw new InvalidOperationException($"the AWS CLI loop exited with {code}: {stderr}");
    }
    counter.Reset();
    var drsWall = Stopwatch.StartNew();
    var sample = await cycle.RunAsync(SampleApp, Run("bench-sample", SampleApp), ct);
    drsWall.Stop();
    var sampleCalls = counter.Count();
    if (sample.CopiesCompleted != scale.CliSample)
    {
        throw new InvalidOperationException($"DrService copied {sample.CopiesCompleted} of the {scale.CliSample} sample snapshots ({string.Join("; ", sample.Failures.Select(f => f.Code))})");
    }

    Report.Print(scale, estate, seeding.Elapsed, results, pollInterval,
        new CliComparison(scale.CliSample, cliWall.Elapsed, drsWall.Elapsed, sampleCalls));
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

static JobRunContext Run(string key, string app) =>
    new(key, BackupJobs.JobName(app), app, DateTimeOffset.UtcNow, Resumed: false, NoProgress.Instance);

internal sealed class NoProgress : IJobProgress
{
    public static NoProgress Instance { get; } = new();

    public Task ReportAsync(int done, int total, string? message, CancellationToken cancellationToken) => Task.CompletedTask;
}
