using DrService.Configuration;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DrService.Alerts;

/// <summary>What one delivery attempt came to.</summary>
public sealed record DeliveryAttempt(long DeliveryId, long AlertId, string Channel, AlertEvent Event, DeliveryState State, int Attempts, string? Error);

/// <summary>
/// Sends due alert deliveries: every <see cref="PollInterval"/> on the injected clock, and at once when the engine
/// signals new ones. Channels are served concurrently, so a slow or failing channel never holds back another; within
/// one alert and channel the events go out in order (a resolve waits for its trigger to be delivered or to fail).
/// 2xx is delivered; 408, 429, 5xx, timeouts and network errors are retried with <see cref="AlertBackoff"/> until the
/// channel's MaxAttempts, then Failed with the last error; any other answer fails at once with the refusal's reason.
/// Crash rule: a delivery is claimed before the send by moving its NextAttemptAt past the send's timeout (a lease);
/// a process that dies mid-send leaves it due again after the lease, so delivery is at least once.
/// </summary>
public sealed partial class AlertDeliveryWorker(
    IDbContextFactory<DrDbContext> contexts,
    IEnumerable<IAlertChannel> channels,
    IHttpClientFactory http,
    IOptionsMonitor<DrOptions> options,
    AlertDeliverySignal signal,
    TimeProvider time,
    ILogger<AlertDeliveryWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<AlertChannelType, IAlertChannel> _channels = channels.ToDictionary(c => c.Type);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DeliverDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPassFailed(logger, ex);
                }
                await signal.WaitAsync(PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass: every due delivery gets one attempt; returns what each came to.</summary>
    public async Task<IReadOnlyList<DeliveryAttempt>> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = await db.AlertDeliveries.AsNoTracking().Where(d => d.State == DeliveryState.Pending)
            .OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var due = pending.GroupBy(d => (d.AlertId, d.Channel)).Select(g => g.First())
            .Where(d => d.NextAttemptAt is null || d.NextAttemptAt <= now).ToList();
        if (due.Count == 0)
        {
            return [];
        }
        var alertIds = due.Select(d => d.AlertId).Distinct().ToList();
        var alerts = await db.Alerts.AsNoTracking().Where(a => alertIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var passes = due.GroupBy(d => d.Channel, StringComparer.Ordinal)
            .Select(g => DeliverChannelAsync(g.Key, [.. g], alerts, cancellationToken));
        return [.. (await Task.WhenAll(passes)).SelectMany(r => r)];
    }

    private async Task<IReadOnlyList<DeliveryAttempt>> DeliverChannelAsync(
        string channel, IReadOnlyList<AlertDeliveryRecord> deliveries, Dictionary<long, AlertRecord> alerts, CancellationToken cancellationToken)
    {
        // Off the caller's thread at once: one channel's synchronous work never delays the start of another's.
        await Task.Yield();
        var results = new List<DeliveryAttempt>();
        var settings = options.CurrentValue.Monitoring.Alerts.Channels.GetValueOrDefault(channel);
        foreach (var delivery in deliveries)
        {
            if (settings is null || !alerts.TryGetValue(delivery.AlertId, out var alert))
            {
                var reason = settings is null ? $"channel '{channel}' is no longer configured" : $"alert {delivery.AlertId} not found";
                results.Add(await RecordAsync(delivery, DeliveryOutcome.Failed(reason, retryable: false), maxAttempts: 1, cancellationToken));
                continue;
            }
            if (!await ClaimAsync(delivery, settings.Timeout, cancellationToken))
            {
                continue;
            }
            var outcome = await SendAsync(channel, settings, new AlertNotification(delivery.Event, alert), cancellationToken);
            results.Add(await RecordAsync(delivery, outcome, settings.MaxAttempts, cancellationToken));
        }
        return results;
    }
}
