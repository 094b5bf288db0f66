using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Runbooks.Store;

/// <summary>
/// <see cref="IExecutionStore"/> on the service's database (<c>runbook_executions</c>, <c>runbook_journal</c>).
/// Conflicts are refused by unique indexes, not by a read-then-write check: <c>request_key</c> (one execution per
/// deterministic request) and <c>exclusive_slot</c> (one non-terminal production failover or failback per
/// application), so two instances racing on one PostgreSQL database cannot both win.
/// </summary>
public sealed partial class EfExecutionStore(IDbContextFactory<DrDbContext> contexts, TimeProvider time) : IExecutionStore
{
    private const int MaxCreateAttempts = 3;

    public async Task<ExecutionRecord> CreateAsync(NewExecution request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var record = new RunbookExecutionRecord
            {
                Id = ExecutionIds.New(now),
                RunbookId = request.Runbook.Id,
                Application = request.Application,
                Kind = request.Runbook.Kind,
                Mode = request.Mode,
                Phase = Phase.Pending,
                Definition = RunbookJson.Serialize(request.Runbook),
                Parameters = RunbookJson.Serialize(request.Parameters),
                RequestedBy = request.RequestedBy,
                RequestKey = string.IsNullOrEmpty(request.RequestKey) ? null : request.RequestKey,
                WaiveApprovals = request.WaiveApprovals,
                CreatedAt = now,
                UpdatedAt = now,
                ExclusiveSlot = HoldsExclusiveSlot(request.Runbook.Kind, request.Mode) ? request.Application : null,
            };
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.RunbookExecutions.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ToExecution(record);
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
                if (await FindConflictAsync(request, cancellationToken) is { } conflict)
                {
                    throw conflict;
                }
                if (attempt >= MaxCreateAttempts)
                {
                    throw;
                }
                // The execution we collided with ended in between: try again.
            }
        }
    }

    /// <summary>Production failovers and failbacks take the application's slot; drills and custom runbooks do not.</summary>
    public static bool HoldsExclusiveSlot(RunbookKind kind, ExecutionMode mode) =>
        mode == ExecutionMode.Production && kind is RunbookKind.Failover or RunbookKind.Failback;

    public async Task<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.RunbookExecutions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == executionId, cancellationToken);
        return record is null ? null : ToExecution(record);
    }

    public async Task SetPhaseAsync(string executionId, Phase phase, string? failure, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var current = await db.RunbookExecutions.AsNoTracking()
                .Where(r => r.Id == executionId)
                .Select(r => new { r.Phase, r.StartedAt, r.EndedAt, r.Error })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new KeyNotFoundException($"No runbook execution '{executionId}'.");
            PhaseTransitions.EnsureCanMove(executionId, current.Phase, phase, nameof(SetPhaseAsync));
            var now = time.GetUtcNow();
            var startedAt = current.StartedAt ?? (phase == Phase.Running ? now : null);
            var endedAt = phase.IsTerminal() ? now : current.EndedAt;
            var error = failure ?? current.Error;
            var terminal = phase.IsTerminal();
            var from = current.Phase;
            var updated = await db.RunbookExecutions
                .Where(r => r.Id == executionId && r.Phase == from)
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(r => r.Phase, phase);
                    s.SetProperty(r => r.StartedAt, startedAt);
                    s.SetProperty(r => r.EndedAt, endedAt);
                    s.SetProperty(r => r.Error, error);
                    s.SetProperty(r => r.UpdatedAt, now);
                    if (terminal)
                    {
                        // The slot is freed with the last phase: the next failover of the application may start.
                        s.SetProperty(r => r.ExclusiveSlot, (string?)null);
                    }
                }, cancellationToken);
            if (updated == 1)
            {
                return;
            }
            // Another writer moved it first: check the transition again from where it is now.
        }
    }

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RunbookExecutions.AsNoTracking()
            .Where(r => !Terminal.Contains(r.Phase))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    internal static readonly Phase[] Terminal = [.. Enum.GetValues<Phase>().Where(p => p.IsTerminal())];

    internal static ExecutionRecord ToExecution(RunbookExecutionRecord record) => new()
    {
        Id = record.Id,
        Runbook = RunbookJson.Definition(record.Definition),
        Application = record.Application,
        Mode = record.Mode,
        Phase = record.Phase,
        RequestedBy = record.RequestedBy,
        CreatedAt = record.CreatedAt,
        StartedAt = record.StartedAt,
        EndedAt = record.EndedAt,
        Parameters = RunbookJson.Map(record.Parameters),
        WaiveApprovals = record.WaiveApprovals,
        RequestKey = record.RequestKey,
        Error = record.Error,
    };

    private async Task<ExecutionConflictException?> FindConflictAsync(NewExecution request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!string.IsNullOrEmpty(request.RequestKey))
        {
            var byKey = await db.RunbookExecutions.AsNoTracking().Where(r => r.RequestKey == request.RequestKey).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            if (byKey is not null)
            {
                return new ExecutionConflictException($"Request key '{request.RequestKey}' was already used by execution {byKey}.", byKey);
            }
        }
        if (HoldsExclusiveSlot(request.Runbook.Kind, request.Mode))
        {
            var active = await db.RunbookExecutions.AsNoTracking().Where(r => r.ExclusiveSlot == request.Application).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            if (active is not null)
            {
                return new ExecutionConflictException($"Application '{request.Application}' already has a failover or failback under way (execution {active}).", active);
            }
        }
        return null;
    }
}
