using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Storage;
using DrService.Witness;

namespace DrService.Runbooks.Hosting;

/// <summary>
/// The witness's "fail over now": starts the application's failover runbook in production mode with the outage's
/// deterministic key as the request key. A second request for the same outage, or while a failover or failback of
/// the application is under way, is refused by the store (audited as <c>runbook.refused</c>): never a second execution.
/// </summary>
public sealed partial class RunbookFailoverTrigger(RunbookService runbooks, IAuditLog audit, ILogger<RunbookFailoverTrigger> logger) : IFailoverTrigger
{
    public async Task RequestFailoverAsync(FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await audit.RecordAsync(new AuditEntry(LoggingFailoverTrigger.Actor, LoggingFailoverTrigger.AuditAction, "requested", request.Application, request.Key, request.Reason), cancellationToken);
        try
        {
            var execution = await runbooks.StartAsync(
                new StartRunbook(null, request.Application, ExecutionMode.Production, LoggingFailoverTrigger.Actor, request.Key, RunbookPurpose.Failover,
                    AcceptProblems: true), cancellationToken);
            LogStarted(logger, request.Application, request.Key, execution.Id);
        }
        catch (ExecutionConflictException ex)
        {
            LogRefused(logger, request.Application, request.Key, ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            LogRefused(logger, request.Application, request.Key, ex.Message);
            await audit.RecordAsync(new AuditEntry(LoggingFailoverTrigger.Actor, "runbook.refused", "failed", request.Application, request.Key, ex.Message), cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7030, Level = LogLevel.Warning, Message = "Automatic failover of {Application} ({Key}) started: execution {ExecutionId}")]
    private static partial void LogStarted(ILogger logger, string application, string key, string executionId);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "Automatic failover of {Application} ({Key}) not started: {Reason}")]
    private static partial void LogRefused(ILogger logger, string application, string key, string reason);
}
