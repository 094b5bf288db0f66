using DrService.Aws;
using DrService.Aws.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DrService.Backups.Drivers;

/// <summary>Registration of the artifact drivers, one method per family (EC2 here; RDS in its own file).</summary>
public static partial class BackupDriversServiceCollectionExtensions
{
    /// <summary>
    /// The EBS snapshot and AMI drivers, as <see cref="IArtifactDriver"/> singletons (added once however often called).
    /// With an endpoint override (an emulator such as moto server, as in the sandbox), the AMI driver tags its copies
    /// with one more CreateTags call (moto ignores CopyImage's TagSpecifications, and an untagged copy would be copied
    /// again by the next cycle) and does not tag snapshots in CreateImage (moto refuses it).
    /// </summary>
    public static IServiceCollection AddEc2ArtifactDrivers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, EbsSnapshotDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, Ec2ImageDriver>(sp =>
        {
            var emulator = sp.GetRequiredService<IOptions<AwsOptions>>().Value.ServiceUrl is not null;
            return new Ec2ImageDriver(sp.GetRequiredService<IAwsClientFactory>(), sp.GetRequiredService<TimeProvider>())
            {
                TagSnapshotsOnCreate = !emulator,
                RetagAfterCopy = emulator,
            };
        }));
        return services;
    }
}
