using DrService.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DrService.Storage;

/// <summary>Ready when the database answers and has no pending migration.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<DrDbContext> contexts, StorageConnection connection) : IHealthCheck
{
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
}
