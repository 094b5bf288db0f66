using DrService.Backups.State;
using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>The overview's aggregated read and the replication lag history behind the dashboard's pages.</summary>
    public static IServiceCollection AddDrDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConditionStore>();
        services.TryAddSingleton<BackupStore>();
        services.TryAddSingleton<OverviewService>();
        services.TryAddSingleton<ReplicationLagHistory>();
        return services;
    }
}
