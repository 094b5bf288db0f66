using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DrService.Witness;

/// <summary>
/// The witness: every application with <c>Probes:Primary</c> is probed on its own <c>Probes:Interval</c> (a
/// PeriodicTimer on the injected clock; applications run concurrently, one round at a time each). A round probes the
/// primary and the secondary, applies the hysteresis, stores <c>PrimaryReachable</c> / <c>SecondaryReachable</c>,
/// evaluates the verdict against Route 53's condition, stores a <see cref="VerdictRecord"/> when the verdict changes,
/// and asks <see cref="AutoFailoverPolicy"/> whether to call the <see cref="IFailoverTrigger"/> (once per outage).
/// </summary>
/// <remarks>
/// After a restart the verdict starts again from the newest stored row: the first rounds usually say Unknown (not
/// enough observations), which is recorded and so ends the outage for the policy; a new failover then needs
/// PrimaryDownFor again. The request's key (<see cref="FailoverDecision.KeyFor"/>) lets the trigger refuse a duplicate.
/// </remarks>
public sealed partial class WitnessService(
    EndpointProber prober,
    ConditionStore conditions,
    IDbContextFactory<DrDbContext> contexts,
    IFailoverTrigger trigger,
    WitnessBoard board,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time,
    ILogger<WitnessService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var probed = options.CurrentValue.Applications
            .Where(a => a.Value.Probes.Primary is not null)
            .Select(a => a.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        LogStarting(logger, probed.Count);
        return Task.WhenAll(probed.Select(name => Task.Run(() => RunApplicationAsync(name, stoppingToken), CancellationToken.None)));
    }

    private async Task RunApplicationAsync(string application, CancellationToken stoppingToken)
    {
        var interval = options.CurrentValue.Applications.TryGetValue(application, out var app) ? app.Probes.Interval : TimeSpan.FromSeconds(30);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await ProbeRoundAsync(application, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(logger, ex, application);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The newest <paramref name="take"/> verdict changes of an application, newest first, skipping <paramref name="skip"/>.</summary>
    public async Task<(int Total, IReadOnlyList<VerdictRecord> Page)> HistoryAsync(string application, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Verdicts.AsNoTracking().Where(v => v.Application == application);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(v => v.At).ThenByDescending(v => v.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (total, page);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Witness probing {Count} application(s)")]
    private static partial void LogStarting(ILogger logger, int count);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Witness round of {Application} failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string application);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Witness verdict of {Application}: {From} -> {To}: {Detail}")]
    private static partial void LogVerdictChanged(ILogger logger, string application, WitnessVerdict from, WitnessVerdict to, string detail);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Automatic failover request of {Application} ({Key}) failed")]
    private static partial void LogTriggerFailed(ILogger logger, Exception exception, string application, string key);
}
