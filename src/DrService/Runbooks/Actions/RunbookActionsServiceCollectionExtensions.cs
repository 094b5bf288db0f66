using DrService.Backups.Drivers;
using DrService.Aws.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Actions;

public static class RunbookActionsServiceCollectionExtensions
{
    /// <summary>
    /// The runbook step actions (one <see cref="IStepAction"/> singleton each) and the <see cref="IStepActionCatalog"/>
    /// over them. Needs the AWS layer (<c>AddDrAwsServices</c>), storage (the audit log) and <c>DrOptions</c>; adds the
    /// backup drivers (to find DR copies) and an HttpClient for smoke tests. TryAdd throughout.
    /// </summary>
    public static IServiceCollection AddDrRunbookActions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddEc2ArtifactDrivers();
        services.AddRdsArtifactDrivers();
        services.AddHttpClient(HttpSmokeTestAction.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton(sp => new StepActionSettings { Quirks = sp.GetRequiredService<IOptions<AwsOptions>>().Value.EmulatorQuirks });
        services.TryAddSingleton<ActionServices>();
        Add<ManualApprovalAction>(services);
        Add<WaitAction>(services);
        Add<NotifyAction>(services);
        Add<HttpSmokeTestAction>(services);
        Add<PromoteReplicaAction>(services);
        Add<SnapshotInstanceAction>(services);
        Add<DeleteSnapshotAction>(services);
        Add<RestoreFromCopyAction>(services);
        Add<DeleteInstanceAction>(services);
        Add<WaitAvailableAction>(services);
        Add<CreateReplicaAction>(services);
        Add<RestoreClusterFromCopyAction>(services);
        Add<WaitClusterAvailableAction>(services);
        Add<DeleteClusterAction>(services);
        Add<DetachGlobalSecondaryAction>(services);
        Add<CreateGlobalClusterAction>(services);
        Add<LaunchFromCopyAction>(services);
        Add<WaitRunningAction>(services);
        Add<TerminateInstancesAction>(services);
        Add<VolumesFromCopiesAction>(services);
        Add<VolumeFromCopyAction>(services);
        Add<DeleteVolumesAction>(services);
        Add<VerifyFailoverAction>(services);
        Add<ForceFailoverAction>(services);
        Add<VerifyReplicationAction>(services);
        services.TryAddSingleton<IStepActionCatalog, StepActionCatalog>();
        return services;
    }

    private static void Add<T>(IServiceCollection services)
        where T : class, IStepAction =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStepAction, T>());
}
