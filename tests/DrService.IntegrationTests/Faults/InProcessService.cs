using System.Globalization;
using DrService.Api.Auth;
using DrService.Aws.Http;
using Microsoft.AspNetCore.Builder;
using DrService.Storage;
using DrService.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// The real service, built by <see cref="DrHost.BuildAsync"/> from a configuration file exactly as the binary builds
/// it (every feature, Quartz on its persistent store, Kestrel on a free loopback port), but inside the test process,
/// so that a test can change the fault layer's run-time rules (<see cref="FaultController"/>) while a cycle runs and
/// read the service's own AWS call counter. Fault tests that kill the process use <c>ServiceProcess</c> instead.
/// </summary>
internal sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessService(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public FaultController Faults => _app.Services.GetRequiredService<FaultController>();

    public AwsCallCounter Counter => _app.Services.GetRequiredService<AwsCallCounter>();

    public static async Task<InProcessService> StartAsync(string configFile)
    {
        // The credential chain of the service reads the environment, as the binary does.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServer.SecretKey);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var app = await DrHost.BuildAsync(["--config", configFile, "--Urls", baseAddress.ToString().TrimEnd('/')], sandbox: false);
        await app.Services.MigrateDrDatabaseAsync();
        await app.StartAsync();
        var service = new InProcessService(app, baseAddress);
        // The API needs sign-in: an operator token minted by the service's own token store, as the admin command does.
        var created = await app.Services.GetRequiredService<ApiTokenStore>()
            .CreateAsync("fault-suite", DrRole.Operator, lifetime: null, actor: "test:fault-suite", CancellationToken.None);
        service.Http.Authorize(created.Token);
        return service;
    }

    /// <summary>Audit records, oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> AuditAsync()
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<DrDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
