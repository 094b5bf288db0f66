using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Aws.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DrService.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AwsOptions"/> from <c>DrService:Aws</c> (the host validates it) and registers the AWS layer:
    /// the HTTP pipeline (metrics, faults), credentials, the client factory and the shared protocol clients.
    /// Every registration is TryAdd, so a test or the host can register its own first.
    /// </summary>
    public static IServiceCollection AddDrAws(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AwsOptions>().Bind(configuration.GetSection(AwsOptions.SectionPath));
        return services.AddDrAwsServices();
    }

    /// <summary>The registrations of <see cref="AddDrAws"/> without binding (tests configure AwsOptions themselves).</summary>
    public static IServiceCollection AddDrAwsServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AwsOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AwsCallCounter>();
        services.TryAddSingleton(_ => new FaultController());
        services.TryAddSingleton<AwsCallMetricsHandler>();
        services.TryAddSingleton<FaultInjectionHandler>();
        services.TryAddSingleton<AwsHttpPipeline>();
        services.TryAddSingleton<SdkHttpClientFactory>();
        services.TryAddSingleton<SdkClientConfigs>();
        services.TryAddSingleton<IAwsCredentialSource, DefaultAwsCredentialSource>();
        services.TryAddSingleton<IAwsCredentialsProvider, AwsCredentialsProvider>();
        services.TryAddSingleton(sp => new AwsHttpExecutor(
            sp.GetRequiredService<AwsHttpPipeline>(),
            sp.GetRequiredService<IAwsCredentialsProvider>(),
            sp.GetRequiredService<IOptionsMonitor<AwsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<AwsHttpExecutor>>() ?? NullLogger<AwsHttpExecutor>.Instance));
        services.TryAddSingleton(sp => new AwsQueryClient(sp.GetRequiredService<AwsHttpExecutor>()));
        services.TryAddSingleton(sp => new AwsRestXmlClient(sp.GetRequiredService<AwsHttpExecutor>()));
        services.TryAddSingleton<IAwsClientFactory, AwsClientFactory>();
        services.TryAddSingleton<Route53.IRoute53Client, Route53.Route53Client>();
        services.TryAddSingleton<CloudWatch.ICloudWatchClient, CloudWatch.CloudWatchClient>();
        services.TryAddSingleton<Health.AwsCredentialsHealthCheck>();
        services.TryAddSingleton<Rds.IRdsClient, Rds.RdsClient>();
        return services;
    }
}
