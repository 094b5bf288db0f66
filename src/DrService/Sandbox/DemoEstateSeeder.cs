using DrService.Aws;
using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Aws.Route53;
using DrService.Configuration;
using Microsoft.Extensions.Options;

namespace DrService.Sandbox;

/// <summary>
/// Seeds the demo estate into the sandbox's emulator at start-up, before the scheduler runs. It seeds once: an
/// emulator that already holds the estate (a reused MotoPort) is left as it is.
/// </summary>
internal sealed partial class DemoEstateSeeder(
    IAwsClientFactory aws,
    IRdsClient rds,
    IRoute53Client route53,
    ICloudWatchClient cloudWatch,
    IOptions<DrOptions> options,
    TimeProvider time,
    ILogger<DemoEstateSeeder> logger) : IHostedService
{
    private string Primary => options.Value.Regions.Primary;

    private string Dr => options.Value.Regions.Dr;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await AlreadySeededAsync(cancellationToken))
        {
            LogAlreadySeeded(logger);
            return;
        }
        var started = time.GetTimestamp();
        foreach (var app in DemoEstate.Applications)
        {
            await SeedComputeAsync(app, cancellationToken);
            await SeedBucketsAsync(app, cancellationToken);
            await SeedDatabaseAsync(app, cancellationToken);
        }
        await SeedLedgerAsync(DemoEstate.Ledger, cancellationToken);
        await SeedDnsAsync(cancellationToken);
        LogSeeded(logger, DemoEstate.Applications.Length + 1, Primary, Dr, time.GetElapsedTime(started).TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Sandbox: demo estate seeded ({Applications} applications, primary {Primary}, DR {Dr}) in {Seconds:0.0} s")]
    private static partial void LogSeeded(ILogger logger, int applications, string primary, string dr, double seconds);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Sandbox: the emulator already holds the demo estate; not seeded again")]
    private static partial void LogAlreadySeeded(ILogger logger);
}
