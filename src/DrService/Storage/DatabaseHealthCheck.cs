using DrService.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DrService.Storage;

/// <summary>Ready when the database answers and has no pending migration.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<DrDbContext> contexts, StorageConnection connection) : IHealthCheck
{
    /// <summary>Below this, the SQLite file's volume counts as full (a write needs room for its journal too).</summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // SQLite "cannot connect" to a file the migrator has not created yet: its pending migrations (all of them)
            // say more than "does not answer".
            if (!await db.Database.CanConnectAsync(cancellationToken) && connection.Provider != StorageProvider.Sqlite)
            {
                return HealthCheckResult.Unhealthy($"{connection.Provider} database does not answer");
            }
            if (connection.Provider == StorageProvider.Sqlite && SqliteFreeSpace() is { } free && free < MinimumFreeBytes)
            {
                // A full disk still answers reads, so "reachable" alone would say ready while every write fails.
                return HealthCheckResult.Unhealthy($"Sqlite database volume is full: {free} bytes free; runs, copies and audit records cannot be written until space returns");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{connection.Provider} database reachable, schema current")
                : HealthCheckResult.Unhealthy($"{connection.Provider} database has {pending.Count} pending migration(s): {string.Join(", ", pending)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{connection.Provider} database: {ex.Message}", ex);
        }
    }

    /// <summary>Free bytes on the volume holding the SQLite file; null when it cannot be told (in-memory, no folder).</summary>
    private long? SqliteFreeSpace()
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
        var folder = string.IsNullOrEmpty(file) || file == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(file));
        return folder is null || !Directory.Exists(folder) ? null : new DriveInfo(folder).AvailableFreeSpace;
    }
}
