namespace DrService.Storage;

/// <summary>
/// One action that changed AWS or the schedule: who, what, which application, when, and the result.
/// Append-only: <see cref="DrDbContext"/> refuses to update or delete one.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A user, an API token name, or <c>system:{component}</c> for the service itself.</summary>
    public required string Actor { get; set; }

    /// <summary>Dotted verb, such as <c>schedule.add</c> or <c>backup.copy</c>.</summary>
    public required string Action { get; set; }

    public string? Application { get; set; }

    /// <summary>What was acted on: a job name, a resource id or ARN.</summary>
    public string? Target { get; set; }

    /// <summary>succeeded, failed, denied...</summary>
    public required string Result { get; set; }

    public string? Details { get; set; }
}
