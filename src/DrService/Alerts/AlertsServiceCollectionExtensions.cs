using DrService.Backups.State;
using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace DrService.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Alerts: the engine (a condition listener), the three channel kinds, one named HttpClient per channel with its
    /// timeout and without URL logging, and the delivery worker. Needs storage (AddDrStorage) and DrOptions.
    /// </summary>
    public static IServiceCollection AddDrAlerts(this IServiceCollection services)
    {
        services.TryAddSingleton<BackupStore>();
        services.TryAddSingleton<BackupAlertInputs>();
        services.TryAddSingleton<AlertDeliverySignal>();
        services.TryAddSingleton<AlertEngine>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConditionListener, AlertEngine>(sp => sp.GetRequiredService<AlertEngine>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, WebhookAlertChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, SlackAlertChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, PagerDutyAlertChannel>());

        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, AlertHttpClients.ConfigureTimeouts>());
        if (!services.Any(d => d.ImplementationType == typeof(AlertHttpClients.WithoutUrlLogging)))
        {
            // First among the filters: it wraps the logging filter, so it sees (and removes) the handlers that one adds.
            services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, AlertHttpClients.WithoutUrlLogging>());
        }

        services.TryAddSingleton<AlertDeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDeliveryWorker>());
        return services;
    }
}
