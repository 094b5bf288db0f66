using System.Collections.Concurrent;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Protocol;
using Microsoft.Extensions.Options;

namespace DrService.Aws;

/// <inheritdoc cref="IAwsClientFactory"/>
public sealed class AwsClientFactory(
    SdkClientConfigs configs,
    IAwsCredentialsProvider credentials,
    IOptionsMonitor<AwsOptions> options,
    AwsQueryClient query,
    AwsRestXmlClient restXml) : IAwsClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<(Type Kind, string Account, string Region), Lazy<IDisposable>> _clients = new();

    public AwsQueryClient Query => query;

    public AwsRestXmlClient RestXml => restXml;

    public IAmazonEC2 Ec2(string region, string account = "default") =>
        Get<IAmazonEC2>(region, account, (c, r) => new AmazonEC2Client(c, configs.Configure(new AmazonEC2Config(), r)));

    /// <remarks>Cached under the concrete client type, apart from <see cref="Ec2"/>'s.</remarks>
    public IAmazonEC2 Ec2WithoutRetries(string region, string account = "default") =>
        Get<AmazonEC2Client>(region, account, (c, r) =>
        {
            var config = configs.Configure(new AmazonEC2Config(), r);
            config.MaxErrorRetry = 0;
            return new AmazonEC2Client(c, config);
        });

    public IAmazonS3 S3(string region, string account = "default") =>
        Get<IAmazonS3>(region, account, (c, r) => new AmazonS3Client(c, configs.Configure(
            new AmazonS3Config { ForcePathStyle = options.CurrentValue.ServiceUrl is not null }, r)));

    public IAmazonSecurityTokenService Sts(string region, string account = "default") =>
        Get<IAmazonSecurityTokenService>(region, account, (c, r) => new AmazonSecurityTokenServiceClient(c, configs.Configure(new AmazonSecurityTokenServiceConfig(), r)));

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(l => l.IsValueCreated))
        {
            client.Value.Dispose();
        }
        _clients.Clear();
    }

    private T Get<T>(string region, string account, Func<AWSCredentials, string, T> create)
        where T : IDisposable
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(account);
        var lazy = _clients.GetOrAdd(
            (typeof(T), account, region),
            key => new Lazy<IDisposable>(() => create(credentials.ForSdk(key.Account), key.Region)));
        return (T)lazy.Value;
    }
}
