using Amazon.SecurityToken.Model;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DrService.Aws.Health;

/// <summary>
/// Healthy when every configured account (or "default" when none is) resolves credentials and STS
/// GetCallerIdentity answers for it in <c>StsRegion</c> (free, and proves the keys are accepted); names each failing
/// account and why.
/// </summary>
public sealed class AwsCredentialsHealthCheck(
    IAwsCredentialsProvider credentials,
    IAwsClientFactory clients,
    IOptionsMonitor<AwsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.CurrentValue;
        var accounts = o.Accounts.Count == 0 ? [AwsCredentialsProvider.DefaultAccount] : o.Accounts.Keys.ToList();
        var failures = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            try
            {
                await credentials.GetAsync(account, cancellationToken);
                var identity = await clients.Sts(o.StsRegion, account).GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
                data[account] = identity.Arn ?? identity.Account ?? "resolved";
                if (o.Accounts.TryGetValue(account, out var settings) && settings.AccountId is { } expected && identity.Account != expected)
                {
                    failures.Add($"{account}: credentials belong to account {identity.Account}, not {expected} ({AwsOptions.SectionPath}:Accounts:{account}:AccountId)");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{account}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        return failures.Count == 0
            ? HealthCheckResult.Healthy($"AWS credentials resolve for {string.Join(", ", accounts)}", data)
            : new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy,
                "AWS credentials fail for " + string.Join("; ", failures), data: data);
    }
}
