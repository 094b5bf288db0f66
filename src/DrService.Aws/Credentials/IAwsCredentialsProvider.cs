using Amazon.Runtime;

namespace DrService.Aws.Credentials;

/// <summary>Credentials per configured account (<c>DrService:Aws:Accounts:{name}</c>), cached and refreshed.</summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Current credentials for the account; throws <see cref="InvalidOperationException"/> naming the config path when unknown.</summary>
    Task<ImmutableCredentials> GetAsync(string account, CancellationToken cancellationToken);

    /// <summary>The same credentials as an SDK <see cref="AWSCredentials"/> for official clients (refreshes through this provider).</summary>
    AWSCredentials ForSdk(string account);
}
