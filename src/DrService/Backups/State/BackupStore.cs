using DrService.Backups.Model;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Backups.State;

/// <summary>
/// The backup feature's reads and writes. Every copy goes through <see cref="RecordIntentAsync"/> before the AWS
/// call and <see cref="MarkIssuedAsync"/> after it: the two checkpoints of the crash-recovery rule.
/// </summary>
public sealed class BackupStore(IDbContextFactory<DrDbContext> contexts, TimeProvider time)
{
    /// <summary>Records the intent to copy (Pending), or returns the existing record for the same key.</summary>
    public async Task<CopyRecord> RecordIntentAsync(CopyOrder order, string runKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Copies.SingleOrDefaultAsync(c => c.Key == order.Key, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var record = new CopyRecord
        {
            Key = order.Key,
            Application = order.Application,
            Kind = order.Source.Kind,
            ResourceId = order.Source.ResourceId,
            SourceRegion = order.Source.Region,
            SourceId = order.Source.Id,
            SourceCreatedAt = order.Source.CreatedAt,
            DestinationRegion = order.DestinationRegion,
            TargetName = order.TargetName,
            Phase = Phase.Pending,
            RecordedAt = time.GetUtcNow(),
            RunKey = runKey,
        };
        db.Copies.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch (DbUpdateException)
        {
            // Another instance recorded the same intent first.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return await again.Copies.SingleAsync(c => c.Key == order.Key, cancellationToken);
        }
    }

    /// <summary>Before the AWS call: the copy may exist in AWS from now on, even if this process dies.</summary>
    public Task MarkIssuingAsync(string key, string runKey, CancellationToken cancellationToken) =>
        UpdateAsync(key, r =>
        {
            r.Phase = Phase.Running;
            r.Attempts++;
            r.IssuedAt = time.GetUtcNow();
            r.RunKey = runKey;
        }, cancellationToken);

    /// <summary>
    /// After the AWS call: the copy's id is known; AWS is copying. <paramref name="audit"/> is committed in the same
    /// transaction: a checkpoint without its audit record would never get one, since crash recovery only audits
    /// copies whose id was never checkpointed.
    /// </summary>
    public Task MarkIssuedAsync(string key, string copyId, CancellationToken cancellationToken, AuditEntry? audit = null) =>
        UpdateAsync(key, r =>
        {
            r.CopyId = copyId;
            r.Phase = Phase.WaitingForAws;
            r.ErrorCode = null;
            r.ErrorMessage = null;
        }, cancellationToken, audit);

    /// <summary>A limit or throttling answer: back to Pending, the reason kept, to be issued again.</summary>
    public Task MarkDeferredAsync(string key, string code, string message, CancellationToken cancellationToken) =>
        UpdateAsync(key, r =>
        {
            r.Phase = Phase.Pending;
            r.ErrorCode = code;
            r.ErrorMessage = message;
        }, cancellationToken);

    public Task MarkSucceededAsync(string key, string copyId, CancellationToken cancellationToken, AuditEntry? audit = null) =>
        UpdateAsync(key, r =>
        {
            r.CopyId = copyId;
            r.Phase = Phase.Succeeded;
            r.CompletedAt = time.GetUtcNow();
            r.ErrorCode = null;
            r.ErrorMessage = null;
        }, cancellationToken, audit);

    public Task MarkFailedAsync(string key, string code, string message, CancellationToken cancellationToken, AuditEntry? audit = null) =>
        UpdateAsync(key, r =>
        {
            r.Phase = Phase.Failed;
            r.CompletedAt = time.GetUtcNow();
            r.ErrorCode = code;
            r.ErrorMessage = message;
        }, cancellationToken, audit);

    /// <summary>
    /// The records among <paramref name="keys"/> that are not Succeeded (open, or Failed: a copy call whose answer was
    /// an error may still have made the copy). One query.
    /// </summary>
    public async Task<IReadOnlyList<CopyRecord>> UnsettledAsync(string application, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Copies.AsNoTracking()
            .Where(c => c.Application == application && c.Phase != Phase.Succeeded && keys.Contains(c.Key))
            .ToListAsync(cancellationToken);
    }

    public async Task<CopyRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Copies.AsNoTracking().SingleOrDefaultAsync(c => c.Key == key, cancellationToken);
    }

    /// <summary>Replaces the application's resource status rows and appends one RPO sample per resource.</summary>
    public async Task SaveStatusAsync(string application, IReadOnlyCollection<ResourceStatusRecord> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ResourceStatus.Where(s => s.Application == application).ExecuteDeleteAsync(cancellationToken);
        db.ResourceStatus.AddRange(statuses);
        db.RpoSamples.AddRange(statuses.Where(s => s.ResourceId != "*").Select(s => new RpoSampleRecord
        {
            Application = s.Application,
            Kind = s.Kind,
            ResourceId = s.ResourceId,
            At = s.CheckedAt,
            AgeSeconds = s.RpoAgeSeconds,
            State = s.RpoState,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ResourceStatusRecord>> StatusAsync(string? application, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ResourceStatus.AsNoTracking();
        if (application is not null)
        {
            query = query.Where(s => s.Application == application);
        }
        return await query.OrderBy(s => s.Application).ThenBy(s => s.Kind).ThenBy(s => s.ResourceId).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RpoSampleRecord>> RpoHistoryAsync(string application, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RpoSamples.AsNoTracking()
            .Where(s => s.Application == application && s.At >= since)
            .OrderBy(s => s.At).ToListAsync(cancellationToken);
    }

    /// <summary>One SaveChanges, so one transaction: the record's change and its audit record commit together or not at all.</summary>
    private async Task UpdateAsync(string key, Action<CopyRecord> change, CancellationToken cancellationToken, AuditEntry? audit = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Copies.SingleAsync(c => c.Key == key, cancellationToken);
        change(record);
        if (audit is not null)
        {
            db.Audit.Add(AuditLog.ToRecord(audit, time.GetUtcNow()));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
