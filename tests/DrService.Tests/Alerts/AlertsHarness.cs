using System.Collections.Concurrent;
using DrService.Alerts;
using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Alerts;

/// <summary>
/// The alerts feature on a migrated SQLite database, a fake clock and a local receiver; the three channels point at
/// the receiver (their URLs and routing key hold recognisable secrets), and every log line is captured.
/// </summary>
internal sealed class AlertsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    public const string WebhookPath = "/hooks/whsec-9f8e7d6c5b4a";
    public const string SlackPath = "/services/T0SECRET/B0SECRET/xoxSlackSecret42";
    public const string PagerDutyPath = "/v2/enqueue";
    public const string RoutingKey = "R0UTINGKEYR0UTINGKEYR0UTINGKEY42";
    public static readonly string[] Secrets = ["whsec-9f8e7d6c5b4a", "xoxSlackSecret42", "T0SECRET", RoutingKey];

    private readonly TestDatabase _database;

    private AlertsHarness(TestDatabase database, ServiceProvider services, AlertReceiver receiver, FakeTimeProvider time, DrOptions options, CapturedLogs logs)
    {
        _database = database;
        Services = services;
        Receiver = receiver;
        Time = time;
        Options = options;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public AlertReceiver Receiver { get; }

    public FakeTimeProvider Time { get; }

    public DrOptions Options { get; }

    public CapturedLogs Logs { get; }

    public AlertsOptions Settings => Options.Monitoring.Alerts;

    public AlertEngine Engine => Services.GetRequiredService<AlertEngine>();

    public AlertDeliveryWorker Worker => Services.GetRequiredService<AlertDeliveryWorker>();

    public static string PathOf(AlertChannelType type) => type switch
    {
        AlertChannelType.Webhook => WebhookPath,
        AlertChannelType.Slack => SlackPath,
        _ => PagerDutyPath,
    };

    /// <summary>One channel per given type (all three by default), named after the type in lower case.</summary>
    public static async Task<AlertsHarness> StartAsync(params AlertChannelType[] types)
    {
        var receiver = await AlertReceiver.StartAsync();
        var options = new DrOptions();
        options.Applications["orders"] = new ApplicationOptions { Rpo = TimeSpan.FromHours(1), Rto = TimeSpan.FromHours(1) };
        options.Monitoring.Alerts.RaiseAfter = 2;
        options.Monitoring.Alerts.ResolveAfter = 2;
        foreach (var type in types.Length == 0 ? Enum.GetValues<AlertChannelType>() : types)
        {
            options.Monitoring.Alerts.Channels[type.ToString().ToLowerInvariant()] = new AlertChannelOptions
            {
                Type = type,
                Url = type == AlertChannelType.Webhook ? new Uri(receiver.Url(WebhookPath) + "?token=whsec-9f8e7d6c5b4a") : receiver.Url(PathOf(type)),
                RoutingKey = type == AlertChannelType.PagerDuty ? RoutingKey : null,
                MaxAttempts = 4,
                Timeout = TimeSpan.FromSeconds(30),
            };
        }
        var time = new FakeTimeProvider(T0);
        var logs = new CapturedLogs();
        var database = TestDatabase.Sqlite();
        var services = database.BuildServices(time, s =>
        {
            s.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            s.AddSingleton<IOptionsMonitor<DrOptions>>(new FixedOptions(options));
            s.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
            s.TryAddSingleton<ConditionStore>();
            s.AddDrAlerts();
        });
        await services.MigrateDrDatabaseAsync();
        return new AlertsHarness(database, services, receiver, time, options, logs);
    }

    /// <summary>One monitoring cycle: the replication monitor observes <paramref name="observed"/>, then the engine runs.</summary>
    public async Task CycleAsync(params Condition[] observed)
    {
        var stored = await Services.GetRequiredService<ConditionStore>().ApplyAsync("replication", observed, CancellationToken.None);
        await Engine.OnConditionsAsync(stored, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));
    }

    /// <summary>A backup cycle of orders that stores these resource statuses (checked now), then a monitoring cycle.</summary>
    public async Task BackupCycleAsync(params ResourceStatusRecord[] statuses)
    {
        foreach (var s in statuses)
        {
            s.CheckedAt = Time.GetUtcNow();
        }
        await Services.GetRequiredService<BackupStore>().SaveStatusAsync("orders", statuses, CancellationToken.None);
        await CycleAsync();
    }

    public static ResourceStatusRecord Volume(RpoState rpo, string? errorCode = null, string resource = "vol-0abc") => new()
    {
        Application = "orders",
        Kind = ArtifactKind.EbsSnapshot,
        ResourceId = resource,
        Region = "eu-west-1",
        RpoState = rpo,
        RpoAgeSeconds = rpo == RpoState.Breached ? 7200 : 600,
        RpoTargetSeconds = 3600,
        LastErrorCode = errorCode,
        LastErrorMessage = errorCode is null ? null : "The snapshot 'snap-1' does not exist.",
    };

    public async Task<List<AlertRecord>> AlertsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<List<AlertDeliveryRecord>> DeliveriesAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.AlertDeliveries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Services.DisposeAsync();
        _database.Dispose();
    }

    private sealed class FixedOptions(DrOptions value) : IOptionsMonitor<DrOptions>
    {
        public DrOptions CurrentValue => value;

        public DrOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DrOptions, string?> listener) => null;
    }
}

/// <summary>Every formatted log line (with its exception), at every level.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
