using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using DrService.Witness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DrService.Readiness;

/// <summary>Loads the inputs (conditions, backup status, newest witness verdict) and runs <see cref="ReadinessCalculator"/>.</summary>
public sealed class ReadinessService(
    ConditionStore conditions,
    BackupStore backups,
    IDbContextFactory<DrDbContext> contexts,
    IOptionsMonitor<DrOptions> options)
{
    /// <summary>Every configured application, worst first (then the largest data loss, then the name).</summary>
    public async Task<IReadOnlyList<ApplicationReadiness>> ListAsync(CancellationToken cancellationToken)
    {
        var applications = options.CurrentValue.Applications;
        var allConditions = await conditions.ListAsync(null, cancellationToken);
        var allStatus = await backups.StatusAsync(null, cancellationToken);
        var results = new List<ApplicationReadiness>();
        foreach (var (name, app) in applications)
        {
            var verdict = await NewestVerdictAsync(name, cancellationToken);
            results.Add(ReadinessCalculator.Calculate(name, app,
                [.. allConditions.Where(c => c.Application == name)], [.. allStatus.Where(s => s.Application == name)], verdict));
        }
        return [.. results
            .OrderByDescending(r => r.Rank)
            .ThenByDescending(r => r.EstimatedDataLossSeconds ?? double.MinValue)
            .ThenBy(r => r.Application, StringComparer.Ordinal)];
    }

    /// <summary>One application's readiness; null when it is not configured.</summary>
    public async Task<ApplicationReadiness?> GetAsync(string application, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Applications.TryGetValue(application, out var app))
        {
            return null;
        }
        return ReadinessCalculator.Calculate(application, app,
            await conditions.ListAsync(application, cancellationToken),
            await backups.StatusAsync(application, cancellationToken),
            await NewestVerdictAsync(application, cancellationToken));
    }

    private async Task<VerdictRecord?> NewestVerdictAsync(string application, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Verdicts.AsNoTracking().Where(v => v.Application == application)
            .OrderByDescending(v => v.At).ThenByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
