using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>Writes audit records. Every action that changes AWS or the schedule goes through here.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);
}

/// <summary>What an audit record says; the time is taken from the injected clock.</summary>
public sealed record AuditEntry(string Actor, string Action, string Result, string? Application = null, string? Target = null, string? Details = null);

internal sealed class AuditLog(IDbContextFactory<DrDbContext> contexts, TimeProvider time) : IAuditLog
{
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Audit.Add(new AuditRecord
        {
            At = time.GetUtcNow(),
            Actor = entry.Actor,
            Action = entry.Action,
            Result = entry.Result,
            Application = entry.Application,
            Target = entry.Target,
            Details = entry.Details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
