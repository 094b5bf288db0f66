using DrService.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrService.Witness;

public static class WitnessServiceCollectionExtensions
{
    /// <summary>The witness: the prober (its HttpClient), the board and its gauge, the probe loop, the failover trigger (replaceable).</summary>
    public static IServiceCollection AddDrWitness(this IServiceCollection services)
    {
        services.AddHttpClient(EndpointProber.HttpClientName, EndpointProber.ConfigureHttpClient)
            .ConfigurePrimaryHttpMessageHandler(EndpointProber.CreateHandler);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConditionStore>();
        services.TryAddSingleton<EndpointProber>();
        services.TryAddSingleton<WitnessBoard>();
        services.TryAddSingleton<IFailoverTrigger, LoggingFailoverTrigger>();
        services.TryAddSingleton<WitnessService>();
        services.AddHostedService(sp => sp.GetRequiredService<WitnessService>());
        return services;
    }
}
