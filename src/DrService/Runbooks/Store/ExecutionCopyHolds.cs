using DrService.Backups.Engine;
using DrService.Runbooks.Execution;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Runbooks.Store;

/// <summary>
/// Copies a running execution uses are held from retention: every AMI, EBS snapshot and RDS snapshot id (or ARN's
/// name) named in the parameters, resolved inputs or outputs of an execution that has not ended. One query per cycle.
/// </summary>
public sealed class ExecutionCopyHolds(IDbContextFactory<DrDbContext> contexts) : ICopyHolds
{
    private static readonly char[] Separators = [',', ' ', ';', '\n'];

    public async Task<IReadOnlySet<string>> HeldCopyIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = db.RunbookExecutions.Where(r => !EfExecutionStore.Terminal.Contains(r.Phase));
        var parameters = await active.Select(r => r.Parameters).ToListAsync(cancellationToken);
        var data = await db.RunbookJournal.AsNoTracking()
            .Where(j => active.Any(r => r.Id == j.ExecutionId) && j.Data != null
                && (j.Kind == JournalEntryKind.StepStarting || j.Kind == JournalEntryKind.StepSucceeded))
            .Select(j => j.Data!)
            .ToListAsync(cancellationToken);
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in parameters.Concat(data).Select(RunbookJson.Map))
        {
            foreach (var value in map.Values)
            {
                foreach (var token in value.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    held.Add(token);
                    // arn:aws:rds:us-west-2:123:snapshot:NAME (and cluster-snapshot): the copy's id is NAME.
                    if (token.StartsWith("arn:", StringComparison.Ordinal) && token.LastIndexOf(':') is var colon and > 0)
                    {
                        held.Add(token[(colon + 1)..]);
                    }
                }
            }
        }
        return held;
    }
}
