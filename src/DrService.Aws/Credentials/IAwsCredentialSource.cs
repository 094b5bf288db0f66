using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace DrService.Aws.Credentials;

/// <summary>Where the base credentials come from (before any AssumeRole). Tests register a static source.</summary>
public interface IAwsCredentialSource
{
    Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken);
}

/// <summary>The SDK's default chain: environment, profile, SSO, ECS task role, IMDS, web identity.</summary>
public sealed class DefaultAwsCredentialSource : IAwsCredentialSource, IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver _resolver = new();

    public Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken) =>
        _resolver.ResolveIdentityAsync(clientConfig: null!, cancellationToken);

    public void Dispose() => _resolver.Dispose();
}

/// <summary>Fixed keys (tests, moto server, a sandbox).</summary>
public sealed class StaticAwsCredentialSource(string accessKey, string secretKey, string? sessionToken = null) : IAwsCredentialSource
{
    private readonly AWSCredentials _credentials = sessionToken is null
        ? new BasicAWSCredentials(accessKey, secretKey)
        : new SessionAWSCredentials(accessKey, secretKey, sessionToken);

    public Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult(_credentials);
}
