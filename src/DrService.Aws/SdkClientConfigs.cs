using Amazon;
using Amazon.Runtime;
using DrService.Aws.Configuration;
using DrService.Aws.Http;
using Microsoft.Extensions.Options;

namespace DrService.Aws;

/// <summary>
/// Configures an official SDK client config the one DrService way: region (or ServiceURL + AuthenticationRegion when
/// an endpoint override is set), Standard retry mode with MaxErrorRetry = Retry:MaxAttempts - 1, Timeout =
/// RequestTimeout, and the shared HTTP pipeline.
/// </summary>
public sealed class SdkClientConfigs(IOptionsMonitor<AwsOptions> options, SdkHttpClientFactory httpClientFactory)
{
    public T Configure<T>(T config, string region)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var o = options.CurrentValue;
        if (o.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = o.Retry.MaxAttempts - 1;
        config.Timeout = o.RequestTimeout;
        config.HttpClientFactory = httpClientFactory;
        return config;
    }
}
