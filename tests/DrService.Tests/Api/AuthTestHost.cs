using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using DrService.Api.Auth;
using DrService.Aws.Credentials;
using DrService.Sandbox;
using DrService.Storage;
using DrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrService.Tests.Api;

/// <summary>
/// The real host (<see cref="DrHost.BuildAsync"/>: every endpoint, the auth pipeline) on a free loopback port, on a
/// fresh SQLite file or a PostgreSQL database, with a dead AWS endpoint and no background services (no scheduler
/// firings, no probes): what is under test is the HTTP surface. Sandbox endpoints are mapped too.
/// </summary>
internal sealed class AuthTestHost : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private AuthTestHost(WebApplication app, TempFolder folder, Uri baseAddress, LogCapture logs)
    {
        App = app;
        _folder = folder;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => App.Services;

    public ApiTokenStore Tokens => Services.GetRequiredService<ApiTokenStore>();

    public static async Task<AuthTestHost> StartAsync(string? postgresConnectionString = null, string? authJson = null, Action<WebApplicationBuilder>? configure = null)
    {
        var folder = new TempFolder();
        var storage = postgresConnectionString is null
            ? """{ "Provider": "Sqlite", "DataDirectory": "data" }"""
            : $$"""{ "Provider": "Postgres", "ConnectionString": "{{postgresConnectionString}}" }""";
        var config = folder.Write("appsettings.json", $$"""
            {
              "DrService": {
                "Regions": { "Primary": "us-east-1", "Dr": "us-west-2" },
                "Aws": { "ServiceUrl": "http://127.0.0.1:9", "Retry": { "MaxAttempts": 1 }, "RequestTimeout": "00:00:05" },
                "Applications": {
                  "orders": { "Tier": "B", "Rpo": "00:15:00", "Rto": "00:30:00", "Schedule": { "Backup": "0 0 0 1 1 ? 2099" }, "Resources": { "Volumes": { "Tags": { "dr:app": "orders" } } } }
                },
                "Storage": {{storage}}{{(authJson is null ? "" : ",\n    \"Auth\": " + authJson)}}
              }
            }
            """);
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var logs = new LogCapture();
        var app = await DrHost.BuildAsync(["--config", config, "--Urls", baseAddress.ToString().TrimEnd('/')], sandbox: false, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
            foreach (var hosted in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && IsBackground(d)).ToList())
            {
                builder.Services.Remove(hosted);
            }
            configure?.Invoke(builder);
        });
        app.MapDrSandbox();
        await app.Services.MigrateDrDatabaseAsync();
        await app.StartAsync();
        return new AuthTestHost(app, folder, baseAddress, logs);
    }

    private static bool IsBackground(ServiceDescriptor d)
    {
        var type = d.ImplementationType ?? d.ImplementationInstance?.GetType() ?? d.ImplementationFactory?.Method.ReturnType;
        var name = type?.FullName ?? d.ImplementationFactory?.Method.DeclaringType?.FullName ?? "";
        return name.StartsWith("DrService", StringComparison.Ordinal) || name.StartsWith("Quartz", StringComparison.Ordinal);
    }

    /// <summary>A token of that role named after it, and a client that sends it.</summary>
    public async Task<HttpClient> ClientAsync(DrRole role, string? name = null)
    {
        var created = await Tokens.CreateAsync(name ?? $"{DrRoles.Name(role)}-{Guid.NewGuid():N}"[..20], role, null, "test", CancellationToken.None);
        return ApiClients.WithToken(BaseAddress, created.Token);
    }

    /// <summary>A client that sends this token.</summary>
    public static HttpClient Anonymous(AuthTestHost host, string token) => ApiClients.WithToken(host.BaseAddress, token);

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A client that keeps cookies, as a browser does.</summary>
    public HttpClient Browser(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static void Bearer(HttpClient client, string token) => client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>Every log message of the host, formatted, with its exception.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

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

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
        }
    }
}
