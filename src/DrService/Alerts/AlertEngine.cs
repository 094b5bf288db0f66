using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DrService.Alerts;

/// <summary>One raise, severity change or resolve decided by <see cref="AlertEngine"/>.</summary>
public sealed record AlertChange(AlertRecord Alert, AlertEvent Event, string Why);

/// <summary>
/// Raises and resolves alerts after each monitoring cycle. Inputs: every False condition of severity Warning or
/// Critical, and per protected backup resource its RPO (at risk: warning, breached: critical) and its copy failures
/// (warning). Rules, per key <c>{application}/{subject}/{type}</c>:
/// <list type="bullet">
/// <item>raise when bad for <see cref="AlertsOptions.RaiseAfter"/> observations in a row and no alert of the key is firing (one firing alert per key);</item>
/// <item>while firing, a severity change updates the alert and notifies again (same dedup key); other changes only update its summary;</item>
/// <item>resolve when good for <see cref="AlertsOptions.ResolveAfter"/> observations in a row, or when the input is gone
/// (the thing left the configuration); a condition whose monitor failed this cycle is still stored and is not "gone";</item>
/// <item>Unknown (not observable) neither raises nor resolves.</item>
/// </list>
/// Each raise, severity change and resolve is stored with one <see cref="AlertDeliveryRecord"/> per configured channel,
/// in one transaction; <see cref="AlertDeliveryWorker"/> sends them.
/// </summary>
public sealed partial class AlertEngine(
    IDbContextFactory<DrDbContext> contexts,
    BackupStore backups,
    BackupAlertInputs backupInputs,
    IOptionsMonitor<DrOptions> options,
    IAuditLog audit,
    AlertDeliverySignal signal,
    TimeProvider time,
    ILogger<AlertEngine> logger) : IConditionListener
{
    public async Task OnConditionsAsync(IReadOnlyList<ConditionRecord> conditions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var current = options.CurrentValue;
        var inputs = conditions.Select(AlertInput.From).ToList();
        var statuses = await backups.StatusAsync(null, cancellationToken);
        inputs.AddRange(backupInputs.From(statuses.Where(s => current.Applications.ContainsKey(s.Application))));
        await EvaluateAsync(inputs, current.Monitoring.Alerts, cancellationToken);
    }

    /// <summary>Applies the rules to one cycle's inputs (all of them: a firing alert whose input is missing resolves).</summary>
    public async Task<IReadOnlyList<AlertChange>> EvaluateAsync(IReadOnlyCollection<AlertInput> inputs, AlertsOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var firing = (await db.Alerts.Where(a => a.State == AlertState.Firing).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .GroupBy(a => a.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byKey = inputs.GroupBy(i => i.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var changes = new List<AlertChange>();
        foreach (var (key, input) in byKey)
        {
            var alert = firing.GetValueOrDefault(key);
            switch (Decide(input, alert, settings))
            {
                case Decision.Raise:
                    changes.Add(await RaiseAsync(db, input, now, cancellationToken));
                    break;
                case Decision.ChangeSeverity:
                    changes.Add(ChangeSeverity(alert!, input));
                    break;
                case Decision.Refresh:
                    alert!.Summary = Truncate(input.Summary);
                    break;
                case Decision.Resolve:
                    changes.Add(Resolve(alert!, now, $"good for {input.Streak} observations in a row"));
                    break;
                default:
                    break;
            }
        }
        var missing = firing.Values.Where(a => !byKey.ContainsKey(a.Key)).ToList();
        foreach (var alert in await GoneAsync(db, missing, cancellationToken))
        {
            changes.Add(Resolve(alert, now, "no longer observed (removed from the configuration)"));
        }
        if (changes.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return changes;
        }
        await SaveWithDeliveriesAsync(db, changes, settings, now, cancellationToken);
        foreach (var change in changes)
        {
            LogChange(change);
            await audit.RecordAsync(new AuditEntry("drservice", $"alert.{change.Event.ToString().ToLowerInvariant()}", change.Alert.Severity.ToString(),
                change.Alert.Application, change.Alert.Key, $"{change.Why}: {change.Alert.Summary}"), cancellationToken);
        }
        signal.Pulse();
        return changes;
    }

    private enum Decision
    {
        Raise,
        ChangeSeverity,
        Refresh,
        Resolve,
    }

    private static Decision? Decide(AlertInput input, AlertRecord? firing, AlertsOptions settings) => (input.Health, firing) switch
    {
        (InputHealth.Bad, null) when input.Streak >= settings.RaiseAfter => Decision.Raise,
        (InputHealth.Bad, { } alert) when alert.Severity != input.Severity => Decision.ChangeSeverity,
        (InputHealth.Bad, { } alert) when alert.Summary != Truncate(input.Summary) => Decision.Refresh,
        (InputHealth.Good, not null) when input.Streak >= settings.ResolveAfter => Decision.Resolve,
        _ => null,
    };
}
