using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Monitoring;

/// <summary>
/// Stores conditions: an observation updates its condition (a status change sets the transition time and restarts
/// the streak; the same status lengthens it), and a monitor's conditions it no longer reports (the thing left the
/// configuration) are removed.
/// </summary>
public sealed class ConditionStore(IDbContextFactory<DrDbContext> contexts, TimeProvider time)
{
    /// <summary>Applies one monitor's observations; returns the stored conditions after the update.</summary>
    public Task<IReadOnlyList<ConditionRecord>> ApplyAsync(string monitor, IReadOnlyCollection<Condition> observed, CancellationToken cancellationToken) =>
        ApplyAsync(monitor, null, observed, cancellationToken);

    /// <summary>
    /// Applies one monitor's observations of one <paramref name="application"/> (null: all), for monitors that observe
    /// applications separately (the witness): the monitor's conditions of other applications are left as they are.
    /// </summary>
    public async Task<IReadOnlyList<ConditionRecord>> ApplyAsync(string monitor, string? application, IReadOnlyCollection<Condition> observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (application is not null && observed.FirstOrDefault(c => c.Application != application) is { } stray)
        {
            throw new ArgumentException($"Monitor {monitor} reported a condition of '{stray.Application}' while applying '{application}'.", nameof(observed));
        }
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.Conditions.Where(c => c.Monitor == monitor && (application == null || c.Application == application));
        var existing = await mine.ToListAsync(cancellationToken);
        var byKey = existing.ToDictionary(c => (c.Application, c.Subject, c.Type));
        foreach (var condition in observed.GroupBy(c => (c.Application, c.Subject, c.Type)).Select(g => g.Last()))
        {
            if (byKey.Remove((condition.Application, condition.Subject, condition.Type), out var record))
            {
                if (record.Status != condition.Status)
                {
                    record.Status = condition.Status;
                    record.LastTransitionAt = now;
                    record.Streak = 0;
                }
                record.Streak++;
                record.Severity = condition.Severity;
                record.Reason = condition.Reason;
                record.Message = condition.Message;
                record.Value = condition.Value;
                record.ObservedAt = now;
                continue;
            }
            db.Conditions.Add(new ConditionRecord
            {
                Application = condition.Application,
                Subject = condition.Subject,
                Type = condition.Type,
                Monitor = monitor,
                Status = condition.Status,
                Severity = condition.Severity,
                Reason = condition.Reason,
                Message = condition.Message,
                Value = condition.Value,
                LastTransitionAt = now,
                ObservedAt = now,
                Streak = 1,
            });
        }
        db.Conditions.RemoveRange(byKey.Values);
        await db.SaveChangesAsync(cancellationToken);
        return await mine.AsNoTracking().ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConditionRecord>> ListAsync(string? application, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Conditions.AsNoTracking();
        if (application is not null)
        {
            query = query.Where(c => c.Application == application);
        }
        return await query.OrderBy(c => c.Application).ThenBy(c => c.Subject).ThenBy(c => c.Type).ToListAsync(cancellationToken);
    }
}
