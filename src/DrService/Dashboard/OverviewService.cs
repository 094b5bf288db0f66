using DrService.Advisor;
using DrService.Alerts;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using DrService.Witness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DrService.Dashboard;

/// <summary>
/// Builds the overview of every application from a fixed number of reads, whatever the number of applications:
/// all conditions, all backup status rows, the newest witness verdict per application, the firing alerts counted per
/// application and severity, and the newest measured recoveries (when the runbook store provides them). Nothing is
/// read per application, so 200 applications cost what 5 do.
/// </summary>
public sealed class OverviewService(
    ConditionStore conditions,
    BackupStore backups,
    IDbContextFactory<DrDbContext> contexts,
    IEnumerable<IRecoveryMeasurements> measurements,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time)
{
    public async Task<Overview> GetAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var data = await LoadAsync(null, cancellationToken);
        var rows = current.Applications
            .Select(a => OverviewRows.Build(data.InputsFor(a.Key, a.Value, current)))
            .OrderByDescending(r => r.Rank)
            .ThenByDescending(r => r.Alerts.Critical)
            .ThenByDescending(r => r.Rpo.TargetSeconds > 0 ? (r.Rpo.DataLossSeconds ?? double.MaxValue) / r.Rpo.TargetSeconds : 0)
            .ThenBy(r => r.Application, StringComparer.Ordinal)
            .ToList();
        var counts = rows.GroupBy(r => r.Verdict.ToString()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new Overview(time.GetUtcNow(), current.Regions.Primary, current.Regions.Dr, counts, rows);
    }

    /// <summary>One application's row with every reason, and every condition of it; null when it is not configured.</summary>
    public async Task<ApplicationOverview?> GetApplicationAsync(string application, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!current.Applications.TryGetValue(application, out var app))
        {
            return null;
        }
        var data = await LoadAsync(application, cancellationToken);
        var inputs = data.InputsFor(application, app, current);
        var row = OverviewRows.Build(inputs, int.MaxValue);
        return new ApplicationOverview(time.GetUtcNow(), row, app.Rto.TotalSeconds,
            [.. inputs.Conditions.Select(ConditionView.From)]);
    }

    private async Task<OverviewData> LoadAsync(string? application, CancellationToken cancellationToken)
    {
        var allConditions = (await conditions.ListAsync(application, cancellationToken)).ToLookup(c => c.Application, StringComparer.Ordinal);
        var allStatus = (await backups.StatusAsync(application, cancellationToken)).ToLookup(s => s.Application, StringComparer.Ordinal);
        var verdicts = await NewestVerdictsAsync(application, cancellationToken);
        var alerts = await FiringAlertsAsync(application, cancellationToken);
        var measured = await MeasuredAsync(cancellationToken);
        return new OverviewData(allConditions, allStatus, verdicts, alerts, measured);
    }

    /// <summary>The newest verdict row of every application, in one query (no newer row of the same application exists).</summary>
    private async Task<Dictionary<string, VerdictRecord>> NewestVerdictsAsync(string? application, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var newest = await db.Verdicts.AsNoTracking()
            .Where(v => application == null || v.Application == application)
            .Where(v => !db.Verdicts.Any(o => o.Application == v.Application && (o.At > v.At || (o.At == v.At && o.Id > v.Id))))
            .ToListAsync(cancellationToken);
        return newest.GroupBy(v => v.Application, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, OverviewAlerts>> FiringAlertsAsync(string? application, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Alerts.AsNoTracking()
            .Where(a => a.State == AlertState.Firing && (application == null || a.Application == application))
            .GroupBy(a => new { a.Application, a.Severity })
            .Select(g => new { g.Key.Application, g.Key.Severity, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.GroupBy(c => c.Application, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new OverviewAlerts(
                g.Where(c => c.Severity == ConditionSeverity.Critical).Sum(c => c.Count),
                g.Where(c => c.Severity == ConditionSeverity.Warning).Sum(c => c.Count),
                g.Where(c => c.Severity == ConditionSeverity.Info).Sum(c => c.Count)),
            StringComparer.Ordinal);
    }

    /// <summary>The newest measured recovery per application (any runbook); none until the runbook store registers one.</summary>
    private async Task<Dictionary<string, MeasuredRecovery>> MeasuredAsync(CancellationToken cancellationToken)
    {
        var all = new List<MeasuredRecovery>();
        foreach (var source in measurements)
        {
            all.AddRange(await source.LatestAsync(cancellationToken));
        }
        return all.GroupBy(m => m.Application, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(m => m.At)!, StringComparer.Ordinal);
    }

    private sealed record OverviewData(
        ILookup<string, ConditionRecord> Conditions,
        ILookup<string, ResourceStatusRecord> Status,
        Dictionary<string, VerdictRecord> Verdicts,
        Dictionary<string, OverviewAlerts> Alerts,
        Dictionary<string, MeasuredRecovery> Measured)
    {
        public OverviewInputs InputsFor(string name, ApplicationOptions app, DrOptions options) => new(
            name, app, options.Regions, options.Monitoring.AtRiskFraction,
            [.. Conditions[name]], [.. Status[name]],
            Verdicts.GetValueOrDefault(name), Alerts.GetValueOrDefault(name, OverviewAlerts.None), Measured.GetValueOrDefault(name));
    }
}
