using DrService.Aws.Http;
using DrService.Backups.Engine;
using DrService.Configuration;
using DrService.Dns;
using DrService.Scheduling;
using Microsoft.Extensions.Options;

namespace DrService.Sandbox;

/// <summary>
/// Makes the sandbox show its features at once: the fault layer blocks <c>CopyDBSnapshot</c> of the orders and catalog
/// databases into the DR region (so their RPO goes red while volumes and AMIs are copied; the ledger's databases copy,
/// so its tier B drill restores them), and every application's backup runs once as soon as the scheduler is up
/// (retention then prunes the demo's old copies).
/// </summary>
internal sealed partial class SandboxDemo(
    FaultController faults,
    JobControl jobs,
    DnsFailoverReconciler dns,
    IOptions<DrOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SandboxDemo> logger) : IHostedService
{
    public const string Actor = "system:sandbox";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Provision the declared DNS failover (health checks, PRIMARY/SECONDARY records) before anything else.
        foreach (var application in options.Value.Applications.Keys)
        {
            if (await dns.PlanAsync(application, cancellationToken) is { } plan)
            {
                var result = await dns.ApplyAsync(application, plan, Actor, cancellationToken);
                LogDns(logger, application, result.ToString());
            }
        }
        foreach (var database in DemoEstate.Applications.Select(a => a.Database))
        {
            var rule = faults.Throttle(options.Value.Regions.Dr, "rds", rate: 1.0, operation: "CopyDBSnapshot", requestContains: database);
            LogFault(logger, rule.Operation, database, rule.Region);
        }
        lifetime.ApplicationStarted.Register(() => _ = KickOffAsync(lifetime.ApplicationStopping));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task KickOffAsync(CancellationToken stopping)
    {
        try
        {
            // The jobs are in the persistent store by now (the synchroniser runs before the application starts);
            // a trigger fired before the scheduler starts is kept and runs once it does.
            foreach (var application in options.Value.Applications.Keys)
            {
                var run = await jobs.RunNowAsync(BackupJobs.JobName(application), Actor, stopping);
                LogKickedOff(logger, application, run?.RunKey);
            }
            await jobs.RunNowAsync(Monitoring.MonitoringCycle.Kind, Actor, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // shutting down
        }
    }

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "SANDBOX: the fault layer throttles every {Operation} of {Database} into {Region}: its copies fail and its RPO goes red. Lift it with: curl -X DELETE -H \"Authorization: Bearer $(cat data/sandbox/admin-token)\" http://127.0.0.1:5080/api/v1/sandbox/faults")]
    private static partial void LogFault(ILogger logger, string operation, string database, string region);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "SANDBOX: DNS failover of {Application} applied: {Result}")]
    private static partial void LogDns(ILogger logger, string application, string result);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "SANDBOX: first backup of {Application} started (run {RunKey})")]
    private static partial void LogKickedOff(ILogger logger, string application, string? runKey);
}
