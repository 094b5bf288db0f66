using DrService.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>The condition store and the monitoring job; monitors and listeners register themselves as IMonitor / IConditionListener.</summary>
    public static IServiceCollection AddDrMonitoring(this IServiceCollection services)
    {
        services.TryAddSingleton<ConditionStore>();
        services.TryAddSingleton<MonitoringCycle>();
        services.AddSingleton<IJobDefinitionSource>(sp => sp.GetRequiredService<MonitoringCycle>());
        services.AddKeyedSingleton<IJobHandler>(MonitoringCycle.Kind, (sp, _) => sp.GetRequiredService<MonitoringCycle>());
        return services;
    }
}
