using System.Data;
using System.Data.Common;
using DrService.Runbooks.Execution;
using Microsoft.EntityFrameworkCore;

namespace DrService.Runbooks.Store;

public sealed partial class EfExecutionStore
{
    private const int MaxAppendAttempts = 20;

    // One statement: the next sequence is read and written in the insert's own transaction. SQLite takes its write
    // lock at the start of the statement; on PostgreSQL two concurrent appends may compute the same number, and the
    // unique (execution_id, sequence) index refuses the second, which then tries again.
    private const string AppendSql = """
        INSERT INTO runbook_journal (execution_id, "sequence", kind, at, step_id, attempt, actor, data, code, message)
        SELECT @execution, COALESCE(MAX("sequence"), 0) + 1, @kind, @at, @step, @attempt, @actor, @data, @code, @message
        FROM runbook_journal WHERE execution_id = @execution
        RETURNING "sequence"
        """;

    public async Task<JournalEntry> AppendAsync(string executionId, JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = AppendSql;
                Add(command, "@execution", executionId);
                Add(command, "@kind", entry.Kind.ToString());
                Add(command, "@at", entry.At.UtcTicks);
                Add(command, "@step", entry.StepId);
                Add(command, "@attempt", entry.Attempt);
                Add(command, "@actor", entry.Actor);
                Add(command, "@data", RunbookJson.MapOrNull(entry.Data));
                Add(command, "@code", entry.Code);
                Add(command, "@message", entry.Message);
                var sequence = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                return entry with { Sequence = sequence };
            }
            catch (DbException ex) when (UniqueViolation.Is(ex) && attempt < MaxAppendAttempts)
            {
                // Another append took this sequence number: read the maximum again.
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string executionId, long afterSequence, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.RunbookJournal.AsNoTracking()
            .Where(j => j.ExecutionId == executionId && j.Sequence > afterSequence)
            .OrderBy(j => j.Sequence)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToEntry)];
    }

    internal static JournalEntry ToEntry(RunbookJournalRecord row) => new()
    {
        Sequence = row.Sequence,
        Kind = row.Kind,
        At = row.At,
        StepId = row.StepId,
        Attempt = row.Attempt,
        Actor = row.Actor,
        Data = row.Data is null ? null : RunbookJson.Map(row.Data),
        Code = row.Code,
        Message = row.Message,
    };

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        parameter.DbType = value switch
        {
            long => DbType.Int64,
            int => DbType.Int32,
            _ => DbType.String,
        };
        command.Parameters.Add(parameter);
    }
}
