using System.Data.Common;
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
    /// <summary>Waits between attempts when the database answers with a transient error (a restart, a failover).</summary>
    internal static readonly TimeSpan[] TransientBackoff = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <summary>
    /// Writes the record, retrying transient database errors a few times: the action it describes has already
    /// happened in AWS, so giving up at the first connection reset would lose its only trace. The time is taken once,
    /// so a retried record says when the action happened.
    /// </summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                db.Audit.Add(ToRecord(entry, at));
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < TransientBackoff.Length && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TransientBackoff[attempt], time, cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is DbException { IsTransient: true } || (ex.InnerException is { } inner && IsTransient(inner));

    /// <summary>
    /// The record for <paramref name="entry"/>, for stores that write an audit record in the same transaction as the
    /// state change it describes (so that one cannot be committed without the other).
    /// </summary>
    public static AuditRecord ToRecord(AuditEntry entry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditRecord
        {
            At = at,
            Actor = entry.Actor,
            Action = entry.Action,
            Result = entry.Result,
            Application = entry.Application,
            Target = entry.Target,
            Details = entry.Details,
        };
    }
}
