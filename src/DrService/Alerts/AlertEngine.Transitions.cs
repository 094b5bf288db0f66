using DrService.Configuration;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>Summaries are bounded (PagerDuty takes 1024 characters).</summary>
    internal const int MaxSummaryLength = 1000;

    private static string Truncate(string summary) => summary.Length <= MaxSummaryLength ? summary : summary[..(MaxSummaryLength - 1)] + "…";

    private static async Task<AlertChange> RaiseAsync(DrDbContext db, AlertInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dedupKey = AlertKeys.DedupKey(input.Key, now);
        for (var attempt = 1; await db.Alerts.AnyAsync(a => a.DedupKey == dedupKey, cancellationToken); attempt++)
        {
            dedupKey = AlertKeys.DedupKey(input.Key, now, attempt);
        }
        var alert = new AlertRecord
        {
            Key = input.Key,
            DedupKey = dedupKey,
            Application = input.Application,
            Subject = input.Subject,
            ConditionType = input.Type,
            Severity = input.Severity,
            State = AlertState.Firing,
            Summary = Truncate(input.Summary),
            RaisedAt = now,
        };
        db.Alerts.Add(alert);
        return new AlertChange(alert, AlertEvent.Trigger, $"bad for {input.Streak} observations in a row");
    }

    private static AlertChange ChangeSeverity(AlertRecord alert, AlertInput input)
    {
        var why = $"severity {alert.Severity} -> {input.Severity}";
        alert.Severity = input.Severity;
        alert.Summary = Truncate(input.Summary);
        return new AlertChange(alert, AlertEvent.Trigger, why);
    }

    private static AlertChange Resolve(AlertRecord alert, DateTimeOffset now, string why)
    {
        alert.State = AlertState.Resolved;
        alert.ResolvedAt = now;
        return new AlertChange(alert, AlertEvent.Resolve, why);
    }

    /// <summary>Firing alerts whose input is missing and whose condition is not stored any more (its monitor did not just fail).</summary>
    private static async Task<IReadOnlyList<AlertRecord>> GoneAsync(DrDbContext db, List<AlertRecord> missing, CancellationToken cancellationToken)
    {
        if (missing.Count == 0)
        {
            return [];
        }
        var stored = (await db.Conditions.AsNoTracking().Select(c => new { c.Application, c.Subject, c.Type }).ToListAsync(cancellationToken))
            .Select(c => AlertKeys.Key(c.Application, c.Subject, c.Type)).ToHashSet(StringComparer.Ordinal);
        return missing.Where(a => !stored.Contains(a.Key)).ToList();
    }

    /// <summary>The alerts and one pending delivery per configured channel and change, in one transaction.</summary>
    private static async Task SaveWithDeliveriesAsync(DrDbContext db, IReadOnlyList<AlertChange> changes, AlertsOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var change in changes)
        {
            foreach (var channel in settings.Channels.Keys.Order(StringComparer.Ordinal))
            {
                db.AlertDeliveries.Add(new AlertDeliveryRecord
                {
                    AlertId = change.Alert.Id,
                    Channel = channel,
                    Event = change.Event,
                    State = DeliveryState.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
