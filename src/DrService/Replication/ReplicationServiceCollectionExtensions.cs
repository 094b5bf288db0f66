using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Replication;

public static class ReplicationServiceCollectionExtensions
{
    /// <summary>The replication watch: the RDS replica / Aurora global database monitor and the S3 replication monitor.</summary>
    public static IServiceCollection AddDrReplicationWatch(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMonitor, RdsReplicaMonitor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMonitor, S3ReplicationMonitor>());
        return services;
    }
}
