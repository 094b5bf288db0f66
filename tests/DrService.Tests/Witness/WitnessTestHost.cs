using DrService.Configuration;
using DrService.Storage;
using DrService.Tests.Storage;
using DrService.Witness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Witness;

/// <summary>The witness as the host registers it, on a migrated SQLite database, a fake clock and the given options.</summary>
internal sealed class WitnessTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    private WitnessTestHost(DrOptions options)
    {
        Services = _database.BuildServices(Time, s =>
        {
            s.AddSingleton<IOptionsMonitor<DrOptions>>(new StaticOptionsMonitor(options));
            s.AddDrWitness();
        });
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public ServiceProvider Services { get; }

    public WitnessService Witness => Services.GetRequiredService<WitnessService>();

    public static async Task<WitnessTestHost> CreateAsync(DrOptions options)
    {
        var host = new WitnessTestHost(options);
        await host.Services.MigrateDrDatabaseAsync();
        return host;
    }

    public static DrOptions Options(params (string Name, ProbesOptions Probes, AutoFailoverOptions? AutoFailover)[] applications)
    {
        var options = new DrOptions();
        foreach (var (name, probes, auto) in applications)
        {
            options.Applications[name] = new ApplicationOptions { Probes = probes, AutoFailover = auto ?? new AutoFailoverOptions() };
        }
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _database.Dispose();
    }

    private sealed class StaticOptionsMonitor(DrOptions value) : IOptionsMonitor<DrOptions>
    {
        public DrOptions CurrentValue => value;

        public DrOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DrOptions, string?> listener) => null;
    }
}
