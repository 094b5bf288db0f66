using DrService.Aws.Emulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DrService.Sandbox;

/// <summary>Says, once the service listens, where the sandbox's service and emulator are.</summary>
internal sealed partial class SandboxBanner(IServer server, MotoServerProcess moto, IHostApplicationLifetime lifetime, ILogger<SandboxBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogReady(logger, address, moto.Endpoint, moto.ProcessId);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "SANDBOX: DrService at {Address} (/readyz, /metrics); AWS emulator (moto server) at {Moto}, pid {Pid}. Ctrl+C stops both.")]
    private static partial void LogReady(ILogger logger, string address, Uri moto, int pid);
}
