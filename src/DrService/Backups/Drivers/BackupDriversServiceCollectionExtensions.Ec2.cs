using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Backups.Drivers;

/// <summary>Registration of the artifact drivers, one method per family (EC2 here; RDS in its own file).</summary>
public static partial class BackupDriversServiceCollectionExtensions
{
    /// <summary>The EBS snapshot and AMI drivers, as <see cref="IArtifactDriver"/> singletons (added once however often called).</summary>
    public static IServiceCollection AddEc2ArtifactDrivers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, EbsSnapshotDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, Ec2ImageDriver>());
        return services;
    }
}
