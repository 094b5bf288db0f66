using DrService.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>EF Core on the configured provider, the audit log, and the database health check.</summary>
    public static IServiceCollection AddDrStorage(this IServiceCollection services, StorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        services.TryAddSingleton(connection);
        services.TryAddSingleton(TimeProvider.System);
        if (connection.Provider == StorageProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresDrDbContext>(o => o.UseNpgsql(connection.ConnectionString));
            services.TryAddSingleton<IDbContextFactory<DrDbContext>, DrDbContextFactory<PostgresDrDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteDrDbContext>(o => o.UseSqlite(connection.ConnectionString));
            services.TryAddSingleton<IDbContextFactory<DrDbContext>, DrDbContextFactory<SqliteDrDbContext>>();
        }
        services.TryAddSingleton<IAuditLog, AuditLog>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Health.HealthEndpoints.ReadyTag]);
        return services;
    }
}
