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
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy($"{connection.Provider} database does not answer");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy($"{connection.Provider} database reachable, schema current")
                : HealthCheckResult.Unhealthy($"{connection.Provider} database has {pending} pending migration(s)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{connection.Provider} database: {ex.Message}", ex);
        }
    }
}
