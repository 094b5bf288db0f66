using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Backups.Drivers;

public static class RdsDriversServiceCollectionExtensions
{
    /// <summary>
    /// The DB snapshot and DB cluster snapshot drivers as <see cref="IArtifactDriver"/> singletons (TryAddEnumerable:
    /// calling twice registers each once). They need <c>IRdsClient</c> (<c>AddDrAwsServices</c>) and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddRdsArtifactDrivers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, DbSnapshotDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, DbClusterSnapshotDriver>());
        return services;
    }
}
