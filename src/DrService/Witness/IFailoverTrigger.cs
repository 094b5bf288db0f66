using DrService.Storage;

namespace DrService.Witness;

/// <summary>A request to fail an application over, made once per outage by the witness; <see cref="Key"/> is deterministic per outage.</summary>
public sealed record FailoverRequest(string Application, string Key, DateTimeOffset PrimaryDownSince, string Reason);

/// <summary>What the witness calls when the auto-failover policy says "start now" (the runbook engine replaces the default).</summary>
public interface IFailoverTrigger
{
    Task RequestFailoverAsync(FailoverRequest request, CancellationToken cancellationToken);
}

/// <summary>The default trigger until the runbook engine lands: logs the request and audits <c>failover.auto-requested</c>.</summary>
public sealed partial class LoggingFailoverTrigger(IAuditLog audit, ILogger<LoggingFailoverTrigger> logger) : IFailoverTrigger
{
    public const string AuditAction = "failover.auto-requested";

    public const string Actor = "system:witness";

    public async Task RequestFailoverAsync(FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        LogRequested(logger, request.Application, request.Key, request.Reason);
        await audit.RecordAsync(new AuditEntry(Actor, AuditAction, "requested", request.Application, request.Key, request.Reason), cancellationToken);
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Automatic failover of {Application} requested ({Key}): {Reason}")]
    private static partial void LogRequested(ILogger logger, string application, string key, string reason);
}
