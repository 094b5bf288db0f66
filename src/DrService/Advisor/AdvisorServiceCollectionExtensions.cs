using DrService.Backups.Drivers;
using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Advisor;

public static class AdvisorServiceCollectionExtensions
{
    /// <summary>
    /// The cost and downtime advisor. The seams are added with TryAdd so that the runbook store
    /// (<see cref="IRecoveryMeasurements"/>) and the runbook catalog (<see cref="IFailoverRunbookShapes"/>) replace the
    /// defaults (no measurement; the built-in shapes) by registering first, or by replacing them after.
    /// </summary>
    public static IServiceCollection AddDrAdvisor(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddEc2ArtifactDrivers();
        services.AddRdsArtifactDrivers();
        services.TryAddSingleton<ConditionStore>();
        services.TryAddSingleton<IRecoveryMeasurements, NoRecoveryMeasurements>();
        services.TryAddSingleton<IFailoverRunbookShapes, BuiltInRunbookShapes>();
        services.TryAddSingleton<EstateSizeReader>();
        services.TryAddSingleton<AdvisorInputsLoader>();
        services.TryAddSingleton<AdvisorBoard>();
        services.TryAddSingleton<AdvisorService>();
        return services;
    }
}
