using DrService.Backups.State;
using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Readiness;

public static class ReadinessServiceCollectionExtensions
{
    /// <summary>The readiness service (it reads the condition store, the backup status and the witness history).</summary>
    public static IServiceCollection AddDrReadiness(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConditionStore>();
        services.TryAddSingleton<BackupStore>();
        services.TryAddSingleton<ReadinessService>();
        return services;
    }
}
