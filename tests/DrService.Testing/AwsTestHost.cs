using DrService.Aws;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Http;
using DrService.Aws.Protocol;
using DrService.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Testing;

/// <summary>The AWS layer wired as the host wires it, against moto server, with static test keys and short retry delays;
/// every RDS, CloudWatch and Route 53 request is checked against the botocore model (<see cref="ModelConformanceInspector"/>).</summary>
public sealed class AwsTestHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public AwsTestHost(Uri motoEndpoint, Action<AwsOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(MotoServer.AccessKey, MotoServer.SecretKey));
        services.AddSingleton(new FaultController(new Random(42)));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }
        services.Configure<AwsOptions>(o =>
        {
            o.ServiceUrl = motoEndpoint;
            o.EmulatorQuirks = EmulatorQuirks.Moto;
            o.Retry.MaxAttempts = 5;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        services.AddModelConformance();
        services.AddDrAwsServices();
        _provider = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _provider;

    public IAwsClientFactory Clients => _provider.GetRequiredService<IAwsClientFactory>();

    public AwsQueryClient Query => Clients.Query;

    public AwsRestXmlClient RestXml => Clients.RestXml;

    public AwsCallCounter Counter => _provider.GetRequiredService<AwsCallCounter>();

    public FaultController Faults => _provider.GetRequiredService<FaultController>();

    public void Dispose() => _provider.Dispose();
}
