using DrService.Advisor;
using DrService.Alerts;
using DrService.Api;
using DrService.Api.Auth;
using DrService.Aws;
using DrService.Aws.Health;
using DrService.Backups;
using DrService.Configuration;
using DrService.Dashboard;
using DrService.Dns;
using DrService.Health;
using DrService.Monitoring;
using DrService.Replication;
using DrService.Sandbox;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Readiness;
using DrService.Telemetry;
using DrService.Witness;
using DrService.Runbooks;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Api;

namespace DrService;

/// <summary>The host, read as a list: one extension per feature.</summary>
public static class DrHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == TokensCommand.Verb)
        {
            return await RunTokensCommandAsync(args);
        }
        var sandbox = SandboxMode.TakeFlag(ref args);
        WebApplication app;
        try
        {
            app = await BuildAsync(args, sandbox);
        }
        catch (DrConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return DrConfigurationException.ExitCode;
        }
        await app.Services.MigrateDrDatabaseAsync();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DrOptions>>().Value.Sandbox.Enabled)
        {
            await SandboxAdminToken.EnsureAsync(app.Services, (app.Configuration["Urls"] ?? "http://127.0.0.1:5080").Split(';')[0], Console.Out, CancellationToken.None);
        }
        await app.RunAsync();
        return 0;
    }

    /// <summary><c>tokens create|list|revoke</c>: the admin command, on the service's configuration and database.</summary>
    private static async Task<int> RunTokensCommandAsync(string[] args)
    {
        var (sub, options, rest) = TokensCommand.Parse(args);
        WebApplication app;
        try
        {
            // The command's output is the token or the list: logs go to stderr, warnings and above only.
            app = await BuildAsync(rest, sandbox: false, b =>
            {
                b.Logging.ClearProviders();
                b.Logging.SetMinimumLevel(LogLevel.Warning);
                b.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            });
        }
        catch (DrConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return DrConfigurationException.ExitCode;
        }
        await using (app)
        {
            await app.Services.MigrateDrDatabaseAsync();
            return await TokensCommand.RunAsync(sub, options, app.Services, Console.Out, Console.Error, CancellationToken.None);
        }
    }

    public static async Task<WebApplication> BuildAsync(string[] args, bool sandbox, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.AddDrConfiguration(args);
        var location = ConfigurationFile.Locate(args);
        var instance = ServiceInstance.Create();
        if (sandbox || options.Sandbox.Enabled)
        {
            await builder.AddDrSandboxAsync(options, location.Directory);
        }
        var storage = StorageConnection.From(options.Storage, location.Directory);

        builder.AddDrTelemetry(options.Telemetry, instance.Id);
        builder.Services.AddDrStorage(storage);
        builder.Services.AddDrAws(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<AwsCredentialsHealthCheck>("aws", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddDrScheduling(storage, options.Schedules, instance);
        builder.Services.AddDrBackups();
        builder.Services.AddDrMonitoring();
        builder.Services.AddDrReplicationWatch();
        builder.Services.AddDrDns();
        builder.Services.AddDrWitness();
        builder.Services.AddDrReadiness();
        builder.Services.AddDrAlerts();
        builder.Services.AddDrDashboard();
        builder.Services.AddDrAdvisor();
        builder.Services.AddDrRunbookActions();
        builder.Services.AddDrRunbooks(location.Directory);
        builder.Services.AddProblemDetails();
        builder.Services.AddDrAuth(options.Auth);
        builder.Services.AddDrOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        configure?.Invoke(builder);

        var app = builder.Build();
        EmulatorQuirksWarning.LogIfOutsideSandbox(app.Logger, options.Aws, options.Sandbox.Enabled);
        app.UseStatusCodePages();
        app.UseDrAuth();
        app.MapDrOpenApi();
        app.MapDrAuth();
        app.MapDrTokens();
        app.MapDrAudit();
        app.MapDrHealth();
        app.MapDrTelemetry(options.Telemetry);
        app.MapDrJobs();
        app.MapDrBackups();
        app.MapDrDns();
        app.MapDrAlerts();
        app.MapDrWitness();
        app.MapDrReadiness();
        app.MapDrDashboard();
        app.MapDrAdvisor();
        app.MapDrRunbooks();
        if (options.Sandbox.Enabled)
        {
            app.MapDrSandbox();
        }
        return app;
    }
}
