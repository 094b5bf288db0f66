using System.Collections.Concurrent;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Monitoring;

namespace DrService.Alerts;

/// <summary>
/// Turns the backup status (one row per protected resource, rewritten by each backup cycle) into alert inputs: RPO at
/// risk (warning) or breached (critical), and copy failures (warning: the last cycle failed with an AWS error code).
/// A backup cycle is one observation, recognised by its <see cref="ResourceStatusRecord.CheckedAt"/>: monitoring
/// cycles in between do not lengthen a streak. The streaks are kept in memory; after a restart they start again
/// (a firing alert stays firing until it has been good for ResolveAfter cycles; a raise waits RaiseAfter cycles).
/// </summary>
public sealed class BackupAlertInputs
{
    private readonly ConcurrentDictionary<string, Streak> _streaks = new(StringComparer.Ordinal);

    public IReadOnlyList<AlertInput> From(IEnumerable<ResourceStatusRecord> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var inputs = new List<AlertInput>();
        foreach (var status in statuses)
        {
            var subject = AlertKeys.BackupSubject(status.Kind, status.ResourceId);
            if (status.ResourceId != "*")
            {
                inputs.Add(Observe(Rpo(status, subject), status.CheckedAt));
            }
            inputs.Add(Observe(CopyFailed(status, subject), status.CheckedAt));
        }
        var current = inputs.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _streaks.Keys.Where(k => !current.Contains(k)))
        {
            _streaks.TryRemove(gone, out _);
        }
        return inputs;
    }

    private static AlertInput Rpo(ResourceStatusRecord s, string subject)
    {
        var (health, severity) = s.RpoState switch
        {
            RpoState.Breached => (InputHealth.Bad, ConditionSeverity.Critical),
            RpoState.AtRisk => (InputHealth.Bad, ConditionSeverity.Warning),
            RpoState.Ok => (InputHealth.Good, ConditionSeverity.Info),
            _ => (InputHealth.Unknown, ConditionSeverity.Info),
        };
        var age = s.RpoAgeSeconds is { } seconds ? $"newest copy {TimeSpan.FromSeconds(Math.Round(seconds))} old" : "no copy in the DR region";
        var summary = $"{s.Application} {s.Kind} {s.ResourceId}: RPO {s.RpoState} ({age}, target {TimeSpan.FromSeconds(s.RpoTargetSeconds)})";
        return new AlertInput(s.Application, subject, AlertKeys.RpoType, health, severity, 0, summary);
    }

    private static AlertInput CopyFailed(ResourceStatusRecord s, string subject)
    {
        var failed = s.LastErrorCode is not null;
        var what = s.ResourceId == "*" ? $"{s.Kind} (all resources)" : $"{s.Kind} {s.ResourceId}";
        var summary = failed
            ? $"{s.Application} {what}: copy failures: {s.LastErrorCode}: {s.LastErrorMessage}"
            : $"{s.Application} {what}: copies succeed";
        return new AlertInput(s.Application, subject, AlertKeys.CopyFailedType, failed ? InputHealth.Bad : InputHealth.Good,
            failed ? ConditionSeverity.Warning : ConditionSeverity.Info, 0, summary);
    }

    private AlertInput Observe(AlertInput input, DateTimeOffset checkedAt)
    {
        var streak = _streaks.AddOrUpdate(input.Key,
            _ => new Streak(input.Health, checkedAt, 1),
            (_, s) => s.CheckedAt == checkedAt ? s
                : s.Health == input.Health ? s with { CheckedAt = checkedAt, Count = s.Count + 1 }
                : new Streak(input.Health, checkedAt, 1));
        return input with { Streak = streak.Count };
    }

    private sealed record Streak(InputHealth Health, DateTimeOffset CheckedAt, int Count);
}
