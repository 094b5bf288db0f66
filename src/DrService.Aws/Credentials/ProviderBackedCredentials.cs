using Amazon.Runtime;

namespace DrService.Aws.Credentials;

/// <summary>An SDK credentials object that asks <see cref="IAwsCredentialsProvider"/> on every request.</summary>
internal sealed class ProviderBackedCredentials(IAwsCredentialsProvider provider, string account) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() => provider.GetAsync(account, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => provider.GetAsync(account, CancellationToken.None);
}
