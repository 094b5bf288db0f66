using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Dns;

public static class DnsServiceCollectionExtensions
{
    /// <summary>DNS failover: the planner, the reconciler and the <c>dns</c> monitor (needs AddDrAws, AddDrStorage, AddDrMonitoring).</summary>
    public static IServiceCollection AddDrDns(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DnsZoneIds>();
        services.TryAddSingleton<DnsFailoverPlanner>();
        services.TryAddSingleton<DnsFailoverReconciler>();
        services.TryAddSingleton<DnsMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMonitor, DnsMonitor>(sp => sp.GetRequiredService<DnsMonitor>()));
        return services;
    }
}
