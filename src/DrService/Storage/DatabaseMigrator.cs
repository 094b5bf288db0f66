using DrService.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>
/// Applies the schema migrations at start-up, before the scheduler starts. EF Core takes a migration lock, so two
/// instances starting together on one PostgreSQL database migrate once. SQLite is switched to WAL so that the
/// scheduler and the service read while one of them writes.
/// </summary>
public static partial class DatabaseMigrator
{
    public static async Task MigrateDrDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var connection = services.GetRequiredService<StorageConnection>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("DrService.Storage");
        if (connection.Provider == StorageProvider.Sqlite)
        {
            await using var sqlite = new SqliteConnection(connection.ConnectionString);
            await sqlite.OpenAsync(cancellationToken);
            await using var pragma = sqlite.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        // Two instances starting together on one PostgreSQL database: one migrates while the other waits on a
        // session advisory lock (held on a connection of its own for the whole migration), then finds nothing to do.
        await using var guard = connection.Provider == StorageProvider.Postgres
            ? await PostgresMigrationLock.AcquireAsync(connection.ConnectionString, cancellationToken)
            : null;
        var factory = services.GetRequiredService<IDbContextFactory<DrDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, connection.Provider, pending.Count);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database ready ({Provider}); {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, StorageProvider provider, int count);
}
