using DrService.Backups.Drivers;
using DrService.Backups.Engine;
using DrService.Backups.Queue;
using DrService.Configuration;
using Microsoft.Extensions.Options;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Backups;

public static class BackupsServiceCollectionExtensions
{
    /// <summary>The backup feature: the four kind drivers, the cycle, its job per application, its state and RPO gauge.</summary>
    public static IServiceCollection AddDrBackups(this IServiceCollection services)
    {
        services.AddEc2ArtifactDrivers();
        services.AddRdsArtifactDrivers();
        services.TryAddSingleton<BackupStore>();
        services.TryAddSingleton<RpoBoard>();
        services.TryAddSingleton<ICopyHolds, NoCopyHolds>();
        // One scheduler per process: AWS's copy limits are per destination region, whichever application copies.
        services.TryAddSingleton(sp =>
        {
            var backups = sp.GetRequiredService<IOptions<DrOptions>>().Value.Backups;
            return new CopyScheduler(
                new CopyLimits(backups.Limits.ImageCopies, backups.Limits.ImageCopiesPerSourceRegion, backups.Limits.EbsSnapshotCopies, backups.Limits.DbSnapshotCopies),
                sp.GetRequiredService<TimeProvider>(), new CopyBackoff(backups.RetryBaseDelay, backups.RetryMaxDelay));
        });
        services.TryAddSingleton<BackupCycle>();
        services.TryAddSingleton<BackupJobs>();
        services.AddSingleton<IJobDefinitionSource>(sp => sp.GetRequiredService<BackupJobs>());
        services.AddKeyedSingleton<IJobHandler>(BackupJobs.Kind, (sp, _) => sp.GetRequiredService<BackupJobs>());
        return services;
    }
}
