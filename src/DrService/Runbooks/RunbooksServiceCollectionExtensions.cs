using DrService.Advisor;
using DrService.Backups.Engine;
using DrService.Configuration;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Drills;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Hosting;
using DrService.Runbooks.Store;
using DrService.Scheduling;
using DrService.Witness;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks;

public static class RunbooksServiceCollectionExtensions
{
    /// <summary>
    /// Runbooks in the host: the execution store on the database, the engine, the catalog (validated when first
    /// resolved, see <c>MapDrRunbooks</c>), the executor, the service behind the API, the witness's failover trigger,
    /// copy holds for retention, drill jobs, reports and measurements, and the drill sweeper. The step actions are
    /// registered by <c>AddDrRunbookActions</c>.
    /// </summary>
    public static IServiceCollection AddDrRunbooks(this IServiceCollection services, string configurationDirectory)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => RunbookSources.From(sp.GetRequiredService<IOptions<DrOptions>>().Value.Runbooks.Directory, configurationDirectory));
        services.TryAddSingleton(sp => RunbookCatalog.Load(
            sp.GetRequiredService<RunbookSources>(), sp.GetRequiredService<IStepActionCatalog>(), sp.GetRequiredService<IOptions<DrOptions>>().Value));
        services.TryAddSingleton<EfExecutionStore>();
        services.TryAddSingleton<IExecutionStore>(sp => sp.GetRequiredService<EfExecutionStore>());
        services.TryAddSingleton<ExecutionQueries>();
        services.TryAddSingleton<ExecutionSignals>();
        services.TryAddSingleton(sp =>
        {
            var runbooks = sp.GetRequiredService<IOptions<DrOptions>>().Value.Runbooks;
            return new RunbookEngineOptions { PollInterval = runbooks.PollInterval, LeaseDuration = runbooks.LeaseDuration, MaxParallelSteps = runbooks.MaxParallelSteps };
        });
        services.TryAddSingleton(sp => new RunbookEngine(
            sp.GetRequiredService<IExecutionStore>(), sp.GetRequiredService<IStepActionCatalog>(), sp.GetRequiredService<RunbookEngineOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ExecutionSignals>()));
        services.TryAddSingleton<RunbookExecutor>();
        services.AddHostedService(sp => sp.GetRequiredService<RunbookExecutor>());
        services.TryAddSingleton<Inventory.RecoveryInventoryResolver>();
        services.TryAddSingleton<RunbookService>();

        services.TryAddSingleton<DrillReports>();
        services.AddSingleton<IExecutionEndedHandler>(sp => sp.GetRequiredService<DrillReports>());
        services.Replace(ServiceDescriptor.Singleton<IRecoveryMeasurements>(sp => sp.GetRequiredService<DrillReports>()));
        services.Replace(ServiceDescriptor.Singleton<IFailoverTrigger, RunbookFailoverTrigger>());
        services.Replace(ServiceDescriptor.Singleton<ICopyHolds, ExecutionCopyHolds>());

        services.TryAddSingleton<DrillJobs>();
        services.AddSingleton<IJobDefinitionSource>(sp => sp.GetRequiredService<DrillJobs>());
        services.AddKeyedSingleton<IJobHandler>(DrillJobs.Kind, (sp, _) => sp.GetRequiredService<DrillJobs>());
        services.TryAddSingleton<DrillSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DrillSweeper>());
        return services;
    }
}
