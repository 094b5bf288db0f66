using System.Text.Json;
using DrService.Advisor;
using DrService.Configuration;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Hosting;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Reporting;
using DrService.Runbooks.Store;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Drills;

/// <summary>
/// Stores the report of every drill that ends (in the process that saw it end), serves it to the API, and gives the
/// advisor the newest measured RTO/RPO per application and runbook (<see cref="IRecoveryMeasurements"/>).
/// </summary>
public sealed partial class DrillReports(
    IExecutionStore store,
    IDbContextFactory<DrDbContext> contexts,
    IOptionsMonitor<DrOptions> options,
    ILogger<DrillReports> logger) : IExecutionEndedHandler, IRecoveryMeasurements
{
    public async Task OnEndedAsync(string executionId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(executionId, cancellationToken);
        if (record is null || record.Mode != ExecutionMode.Drill || !record.Phase.IsTerminal())
        {
            return;
        }
        var report = await BuildAsync(record, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.DrillReports.AnyAsync(r => r.ExecutionId == executionId, cancellationToken))
        {
            return;
        }
        db.DrillReports.Add(new DrillReportRecord
        {
            ExecutionId = executionId,
            Application = record.Application,
            RunbookId = record.Runbook.Id,
            Tier = report.Tier,
            EndedAt = report.EndedAt ?? record.EndedAt ?? record.CreatedAt,
            RtoSeconds = report.RtoSeconds,
            RpoSeconds = report.RpoSeconds,
            Report = JsonSerializer.Serialize(report, RunbookJson.Options),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogRecorded(logger, executionId, record.Application, report.RtoSeconds, report.RpoSeconds);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Another instance recorded it first.
        }
    }

    /// <summary>The stored report, or one built now from the journal (a drill still running, or ended elsewhere just now).</summary>
    public async Task<DrillReport?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var stored = await db.DrillReports.AsNoTracking().SingleOrDefaultAsync(r => r.ExecutionId == executionId, cancellationToken);
            if (stored is not null)
            {
                return JsonSerializer.Deserialize<DrillReport>(stored.Report, RunbookJson.Options);
            }
        }
        var record = await store.GetAsync(executionId, cancellationToken);
        return record is null || record.Mode != ExecutionMode.Drill ? null : await BuildAsync(record, cancellationToken);
    }

    /// <summary>
    /// The report of any execution (a production failover or failback too), built from its journal: RTO/RPO achieved
    /// against the application's targets, step timings and every recovered item. Drills are served from the stored report.
    /// </summary>
    public async Task<DrillReport?> ForExecutionAsync(string executionId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(executionId, cancellationToken);
        return record is null ? null
            : record.Mode == ExecutionMode.Drill ? await GetAsync(executionId, cancellationToken)
            : await BuildAsync(record, cancellationToken);
    }

    public async Task<IReadOnlyList<MeasuredRecovery>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DrillReports.AsNoTracking().Where(r => r.RtoSeconds != null).ToListAsync(cancellationToken);
        return [.. rows
            .GroupBy(r => (r.Application, r.RunbookId))
            .Select(g => g.OrderByDescending(r => r.EndedAt).First())
            .OrderBy(r => r.Application, StringComparer.Ordinal).ThenBy(r => r.RunbookId, StringComparer.Ordinal)
            .Select(r => new MeasuredRecovery(r.Application, r.RunbookId, r.Tier, TimeSpan.FromSeconds(r.RtoSeconds!.Value),
                r.RpoSeconds is { } rpo ? TimeSpan.FromSeconds(rpo) : null, r.EndedAt, r.ExecutionId))];
    }

    private async Task<DrillReport> BuildAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        var journal = await store.ReadJournalAsync(record.Id, 0, cancellationToken);
        var report = ExecutionReport.From(record, journal);
        var app = options.CurrentValue.Applications.GetValueOrDefault(record.Application);
        return DrillReport.From(report, app?.Tier.ToString() ?? record.Runbook.Tier, app?.Rto ?? TimeSpan.Zero, app?.Rpo ?? TimeSpan.Zero);
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Drill {ExecutionId} of {Application} reported: RTO {Rto} s, RPO {Rpo} s")]
    private static partial void LogRecorded(ILogger logger, string executionId, string application, double? rto, double? rpo);
}
