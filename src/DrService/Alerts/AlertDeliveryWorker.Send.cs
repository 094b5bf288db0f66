using System.Diagnostics.Metrics;
using DrService.Configuration;
using DrService.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace DrService.Alerts;

public sealed partial class AlertDeliveryWorker
{
    private static readonly Counter<long> Sends = DrTelemetry.Meter.CreateCounter<long>(
        "dr.alert.deliveries", "{attempt}", "Alert delivery attempts, by channel type, event and outcome");

    /// <summary>Leases the delivery for one send (see the crash rule); false when another pass or instance has it.</summary>
    private async Task<bool> ClaimAsync(AlertDeliveryRecord delivery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var lease = time.GetUtcNow() + timeout + TimeSpan.FromSeconds(30);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var seen = delivery.NextAttemptAt;
        var claimed = await db.AlertDeliveries
            .Where(d => d.Id == delivery.Id && d.State == DeliveryState.Pending && d.Attempts == delivery.Attempts && d.NextAttemptAt == seen)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, lease), cancellationToken);
        return claimed == 1;
    }

    private async Task<DeliveryOutcome> SendAsync(string channel, AlertChannelOptions settings, AlertNotification notification, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(settings.Type, out var kind))
        {
            return DeliveryOutcome.Failed($"no channel implementation for type {settings.Type}", retryable: false);
        }
        try
        {
            using var request = kind.CreateRequest(notification, settings);
            var client = http.CreateClient(AlertHttpClients.Name(channel));
            using var response = await client.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryOutcome.Success;
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return DeliveryOutcome.Failed(AlertSecrets.Scrub(kind.DescribeRefusal(status, body), settings), DeliveryOutcome.IsRetryable(status), retryAfter);
        }
        catch (AlertChannelConfigurationException ex)
        {
            return DeliveryOutcome.Failed(AlertSecrets.Scrub(ex.Message, settings), retryable: false);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryOutcome.Failed(AlertSecrets.Scrub($"{ex.HttpRequestError}: {ex.Message}", settings), retryable: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Failed($"no answer within {settings.Timeout}", retryable: true);
        }
    }

    /// <summary>Stores the attempt: delivered, due again after the backoff, or failed (not retryable, or out of attempts).</summary>
    private async Task<DeliveryAttempt> RecordAsync(AlertDeliveryRecord delivery, DeliveryOutcome outcome, int maxAttempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.AlertDeliveries.SingleAsync(d => d.Id == delivery.Id, cancellationToken);
        record.Attempts++;
        if (outcome.Delivered)
        {
            record.State = DeliveryState.Delivered;
            record.DeliveredAt = now;
            record.NextAttemptAt = null;
            record.LastError = null;
        }
        else if (!outcome.Retryable || record.Attempts >= maxAttempts)
        {
            record.State = DeliveryState.Failed;
            record.NextAttemptAt = null;
            record.LastError = outcome.Retryable ? $"{outcome.Error} (gave up after {record.Attempts} attempts)" : outcome.Error;
        }
        else
        {
            record.NextAttemptAt = now + AlertBackoff.Delay(record.Attempts, outcome.RetryAfter);
            record.LastError = outcome.Error;
        }
        await db.SaveChangesAsync(cancellationToken);
        Log(record, outcome);
        return new DeliveryAttempt(record.Id, record.AlertId, record.Channel, record.Event, record.State, record.Attempts, record.LastError);
    }

    private void Log(AlertDeliveryRecord record, DeliveryOutcome outcome)
    {
        var type = options.CurrentValue.Monitoring.Alerts.Channels.GetValueOrDefault(record.Channel)?.Type.ToString() ?? "unknown";
        Sends.Add(1, new("channel.type", type), new("event", record.Event.ToString()), new("outcome", record.State.ToString()));
        switch (record.State)
        {
            case DeliveryState.Delivered:
                LogDelivered(logger, record.AlertId, record.Event.ToString(), record.Channel, record.Attempts);
                break;
            case DeliveryState.Failed:
                LogFailed(logger, record.AlertId, record.Event.ToString(), record.Channel, record.Attempts, record.LastError ?? "");
                break;
            default:
                LogRetrying(logger, record.AlertId, record.Event.ToString(), record.Channel, record.Attempts, outcome.Error ?? "", record.NextAttemptAt);
                break;
        }
    }

    [LoggerMessage(EventId = 4511, Level = LogLevel.Information, Message = "Alert {AlertId} {Event} delivered to channel {Channel} (attempt {Attempts})")]
    private static partial void LogDelivered(ILogger logger, long alertId, string @event, string channel, int attempts);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "Alert {AlertId} {Event} to channel {Channel} failed (attempt {Attempts}): {Error}; retrying at {NextAttemptAt}")]
    private static partial void LogRetrying(ILogger logger, long alertId, string @event, string channel, int attempts, string error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(EventId = 4513, Level = LogLevel.Error, Message = "Alert {AlertId} {Event} to channel {Channel} failed for good after {Attempts} attempts: {Error}")]
    private static partial void LogFailed(ILogger logger, long alertId, string @event, string channel, int attempts, string error);

    [LoggerMessage(EventId = 4514, Level = LogLevel.Error, Message = "Alert delivery pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
