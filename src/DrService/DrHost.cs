using DrService.Advisor;
using DrService.Alerts;
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
        await app.RunAsync();
        return 0;
    }

    public static async Task<WebApplication> BuildAsync(string[] args, bool sandbox)
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
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        var app = builder.Build();
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
