using DrService.Runbooks.Definitions;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Store;

/// <summary>
/// One row of <c>runbook_executions</c>: the definition as it was when the execution was created (JSON), its
/// parameters, where it stands, and the lease that keeps two instances from running it at once.
/// </summary>
public sealed class RunbookExecutionRecord
{
    public required string Id { get; set; }

    public required string RunbookId { get; set; }

    public required string Application { get; set; }

    public RunbookKind Kind { get; set; }

    public ExecutionMode Mode { get; set; }

    public Phase Phase { get; set; }

    /// <summary>The <see cref="RunbookDefinition"/> as JSON, frozen at creation.</summary>
    public required string Definition { get; set; }

    /// <summary>The <c>${params.NAME}</c> values as a JSON object.</summary>
    public required string Parameters { get; set; }

    public required string RequestedBy { get; set; }

    /// <summary>Unique when set: a second request with the same key is refused.</summary>
    public string? RequestKey { get; set; }

    public bool WaiveApprovals { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? Error { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>
    /// The application while a production failover or failback is not terminal, else null. Unique: the database
    /// itself refuses a second concurrent failover/failback of one application.
    /// </summary>
    public string? ExclusiveSlot { get; set; }
}
