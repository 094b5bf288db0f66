using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using DrService.Aws.Configuration;
using Microsoft.Extensions.Options;

namespace DrService.Aws.Credentials;

/// <summary>
/// Resolves the base credentials once (<see cref="IAwsCredentialSource"/>), then per account either uses them as is
/// or assumes the account's role through STS (our configured STS client: same endpoint override, pipeline, faults
/// and retries as every other call), caching the session until <see cref="RefreshBefore"/> its expiry.
/// </summary>
public sealed class AwsCredentialsProvider(
    IAwsCredentialSource source,
    SdkClientConfigs configs,
    IOptionsMonitor<AwsOptions> options,
    TimeProvider timeProvider) : IAwsCredentialsProvider, IDisposable
{
    /// <summary>An assumed session is renewed this long before it expires.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    public const string DefaultAccount = "default";

    private readonly SemaphoreSlim _baseLock = new(1, 1);
    private readonly ConcurrentDictionary<string, AssumedSession> _sessions = new(StringComparer.Ordinal);
    private AWSCredentials? _base;

    public async Task<ImmutableCredentials> GetAsync(string account, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        var accounts = options.CurrentValue.Accounts;
        if (!accounts.TryGetValue(account, out var settings))
        {
            if (account != DefaultAccount)
            {
                throw new InvalidOperationException(
                    $"AWS account '{account}' is not configured: add {AwsOptions.SectionPath}:Accounts:{account}");
            }
            settings = new AwsAccountOptions();
        }
        var baseCredentials = await BaseAsync(cancellationToken);
        if (settings.AssumeRoleArn is null)
        {
            return await baseCredentials.GetCredentialsAsync();
        }
        var session = _sessions.GetOrAdd(account, static _ => new AssumedSession());
        return await session.GetAsync(
            timeProvider,
            ct => AssumeAsync(account, settings, baseCredentials, ct),
            cancellationToken);
    }

    public AWSCredentials ForSdk(string account) => new ProviderBackedCredentials(this, account);

    public void Dispose()
    {
        _baseLock.Dispose();
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }
    }

    private async Task<AWSCredentials> BaseAsync(CancellationToken cancellationToken)
    {
        if (_base is { } known)
        {
            return known;
        }
        await _baseLock.WaitAsync(cancellationToken);
        try
        {
            return _base ??= await source.ResolveAsync(cancellationToken);
        }
        finally
        {
            _baseLock.Release();
        }
    }

    private async Task<(ImmutableCredentials Credentials, DateTimeOffset Expires)> AssumeAsync(
        string account, AwsAccountOptions settings, AWSCredentials baseCredentials, CancellationToken cancellationToken)
    {
        var region = options.CurrentValue.StsRegion;
        using var sts = new AmazonSecurityTokenServiceClient(baseCredentials, configs.Configure(new AmazonSecurityTokenServiceConfig(), region));
        var response = await sts.AssumeRoleAsync(
            new AssumeRoleRequest
            {
                RoleArn = settings.AssumeRoleArn,
                RoleSessionName = settings.SessionName,
                ExternalId = settings.ExternalId,
                DurationSeconds = (int)settings.SessionDuration.TotalSeconds,
            },
            cancellationToken);
        var c = response.Credentials
            ?? throw new InvalidOperationException($"STS AssumeRole for account '{account}' ({settings.AssumeRoleArn}) returned no credentials");
        var expires = c.Expiration is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : timeProvider.GetUtcNow().Add(settings.SessionDuration);
        return (new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expires);
    }

    /// <summary>One account's assumed-role session, renewed by one caller at a time.</summary>
    private sealed class AssumedSession : IDisposable
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private (ImmutableCredentials Credentials, DateTimeOffset Expires)? _current;

        public async Task<ImmutableCredentials> GetAsync(
            TimeProvider time,
            Func<CancellationToken, Task<(ImmutableCredentials, DateTimeOffset)>> assume,
            CancellationToken cancellationToken)
        {
            if (_current is { } fresh && time.GetUtcNow() < fresh.Expires - RefreshBefore)
            {
                return fresh.Credentials;
            }
            await _lock.WaitAsync(cancellationToken);
            try
            {
                if (_current is not { } valid || time.GetUtcNow() >= valid.Expires - RefreshBefore)
                {
                    _current = await assume(cancellationToken);
                }
                return _current.Value.Credentials;
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Dispose() => _lock.Dispose();
    }
}
