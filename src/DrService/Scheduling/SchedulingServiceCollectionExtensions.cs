using DrService.Configuration;
using DrService.Health;
using DrService.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace DrService.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The Quartz instance id of the one, non-clustered (SQLite) instance, the same at every start.</summary>
    public const string SingleInstanceId = "drservice-single";

    /// <summary>
    /// Quartz on a persistent job store in the service's own database (SQLite by default; PostgreSQL clustered, so
    /// that two instances never fire the same job twice and a dead instance's jobs are recovered), the run recorder,
    /// the schedule synchroniser and the built-in housekeeping job.
    /// </summary>
    public static IServiceCollection AddDrScheduling(this IServiceCollection services, StorageConnection connection, SchedulesOptions schedules, ServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schedules);
        services.TryAddSingleton(instance);
        services.TryAddSingleton(new SchedulingSettings(schedules.CatchUpWindow, TimeZoneInfo.FindSystemTimeZoneById(schedules.TimeZone)));
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobControl>();
        services.AddSingleton<HousekeepingJob>();
        services.AddSingleton<IJobDefinitionSource>(sp => sp.GetRequiredService<HousekeepingJob>());
        services.AddKeyedSingleton<IJobHandler>(HousekeepingJob.Kind, (sp, _) => sp.GetRequiredService<HousekeepingJob>());

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "drservice";
                // Not clustered (SQLite), Quartz recovers at start only the firings its store holds under ITS OWN
                // instance id: a per-process id would orphan the firings of a crashed process (never re-fired, their
                // runs left Running). One stable id for the one instance; clustered instances keep their own.
                s.InstanceId = connection.Provider == StorageProvider.Postgres ? instance.Id : SingleInstanceId;
            });
            q.UseDefaultThreadPool(maxConcurrency: 8);
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (connection.Provider == StorageProvider.Postgres)
                {
                    store.UsePostgres(connection.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                    });
                }
                else
                {
                    store.UseSqlite(connection.ConnectionString);
                }
                store.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddHostedService<ScheduleSynchronizer>();
        services.AddHealthChecks().AddQuartz(o =>
        {
            o.Name = "scheduler";
            o.Tags.Add(HealthEndpoints.ReadyTag);
        });
        return services;
    }
}
