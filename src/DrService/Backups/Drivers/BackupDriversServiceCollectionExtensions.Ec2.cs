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
    /// The AMI driver works around an emulator only for the quirks named in <c>DrService:Aws:EmulatorQuirks</c>
    /// (<see cref="EmulatorQuirks.CopyImageIgnoresTagSpecifications"/>: one more CreateTags call after CopyImage;
    /// <see cref="EmulatorQuirks.CreateImageRefusesSnapshotTags"/>: no snapshot tags in CreateImage). An endpoint
    /// override alone changes nothing (issue 14, item 17).
    /// </summary>
    public static IServiceCollection AddEc2ArtifactDrivers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, EbsSnapshotDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IArtifactDriver, Ec2ImageDriver>(sp =>
        {
            var quirks = sp.GetRequiredService<IOptions<AwsOptions>>().Value.EmulatorQuirks;
            return new Ec2ImageDriver(sp.GetRequiredService<IAwsClientFactory>(), sp.GetRequiredService<TimeProvider>())
            {
                TagSnapshotsOnCreate = !quirks.CreateImageRefusesSnapshotTags,
                RetagAfterCopy = quirks.CopyImageIgnoresTagSpecifications,
            };
        }));
        return services;
    }
}
