using Amazon.Runtime;

namespace DrService.Aws.Http;

/// <summary>
/// Gives the official SDK clients (EC2, S3, STS) an HttpClient over <see cref="AwsHttpPipeline"/>, so that their
/// calls are counted, traced and subject to the fault layer like ours. The SDK's own client cache is bypassed: the
/// connection pool lives in the shared handler, and a client is cheap.
/// </summary>
public sealed class SdkHttpClientFactory(AwsHttpPipeline pipeline) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        return pipeline.CreateClient(clientConfig.Timeout);
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <summary>Disposing the HttpClient leaves the shared handlers alive (it does not own them).</summary>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "DrService.Aws";
}
