using DrService.Runbooks.Definitions;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Runbooks.Store;

/// <summary>Lists of executions and drill reports for the API, newest first, with a cursor (the last id seen).</summary>
public sealed class ExecutionQueries(IDbContextFactory<DrDbContext> contexts)
{
    public async Task<(IReadOnlyList<RunbookExecutionRecord> Items, string? NextCursor)> ListAsync(
        string? application, RunbookKind? kind, ExecutionMode? mode, int limit, string? cursor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.RunbookExecutions.AsNoTracking();
        if (!string.IsNullOrEmpty(application))
        {
            query = query.Where(r => r.Application == application);
        }
        if (kind is { } k)
        {
            query = query.Where(r => r.Kind == k);
        }
        if (mode is { } m)
        {
            query = query.Where(r => r.Mode == m);
        }
        if (!string.IsNullOrEmpty(cursor))
        {
            var after = await db.RunbookExecutions.AsNoTracking().Where(r => r.Id == cursor).Select(r => (DateTimeOffset?)r.CreatedAt).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ArgumentException($"Unknown cursor '{cursor}'.", nameof(cursor));
            query = query.Where(r => r.CreatedAt < after || (r.CreatedAt == after && string.Compare(r.Id, cursor) < 0));
        }
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? rows[limit - 1].Id : null;
        return ([.. rows.Take(limit)], next);
    }

    public async Task<DrillReportRecord?> ReportAsync(string executionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DrillReports.AsNoTracking().SingleOrDefaultAsync(r => r.ExecutionId == executionId, cancellationToken);
    }
}
