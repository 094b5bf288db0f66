using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Health;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DrService.Aws.Tests.Credentials;

[Collection(MotoFixture.Collection)]
public sealed class AwsCredentialsProviderTests(MotoFixture moto) : IAsyncLifetime
{
    private AwsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = new AwsTestHost(moto.Endpoint, o =>
        {
            o.Accounts["default"] = new AwsAccountOptions();
            o.Accounts["prod"] = new AwsAccountOptions
            {
                AccountId = "123456789012",
                AssumeRoleArn = "arn:aws:iam::123456789012:role/drservice",
                ExternalId = "dr-external",
            };
        });
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private IAwsCredentialsProvider Provider => _host.Services.GetRequiredService<IAwsCredentialsProvider>();

    [Fact]
    public async Task GetAsync_AccountWithRole_AssumesItOnceAndCaches()
    {
        var first = await Provider.GetAsync("prod", CancellationToken.None);
        var second = await Provider.GetAsync("prod", CancellationToken.None);

        Assert.True(first.UseToken);
        Assert.NotEqual(MotoServer.AccessKey, first.AccessKey);
        Assert.Same(first, second);
        Assert.Equal(1, _host.Counter.Count("sts", "us-east-1", "AssumeRole"));
    }

    [Fact]
    public async Task GetAsync_UnknownAccount_NamesTheConfigPath()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Provider.GetAsync("staging", CancellationToken.None));

        Assert.Contains("DrService:Aws:Accounts:staging", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_AllAccountsResolve_IsHealthy()
    {
        var check = _host.Services.GetRequiredService<AwsCredentialsHealthCheck>();

        var result = await check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("aws", check, HealthStatus.Unhealthy, null),
        });

        Assert.True(result.Status == HealthStatus.Healthy, result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_StsRegionDark_IsUnhealthyNamingTheAccount()
    {
        _host.Faults.MakeDark("us-east-1", "sts");
        var check = _host.Services.GetRequiredService<AwsCredentialsHealthCheck>();

        var result = await check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("aws", check, HealthStatus.Unhealthy, null),
        });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("default:", result.Description, StringComparison.Ordinal);
        Assert.Contains("us-east-1", result.Description, StringComparison.Ordinal);
    }
}
