using DrService.Configuration;

namespace DrService.Alerts;

/// <summary>What one delivery says: the event and the alert as it stands when it is sent.</summary>
public sealed record AlertNotification(AlertEvent Event, AlertRecord Alert);

/// <summary>
/// One kind of alert channel (webhook, Slack, PagerDuty): builds the HTTP request of a notification and reads a
/// refusal. Sending, retries and classification are <see cref="AlertDeliveryWorker"/>'s.
/// </summary>
public interface IAlertChannel
{
    AlertChannelType Type { get; }

    /// <summary>The request to send; throws <see cref="AlertChannelConfigurationException"/> when the channel lacks what it needs.</summary>
    HttpRequestMessage CreateRequest(AlertNotification notification, AlertChannelOptions channel);

    /// <summary>A readable reason for a non-2xx answer, from its status code and body (may contain anything: scrubbed by the caller).</summary>
    string DescribeRefusal(int statusCode, string body);
}

/// <summary>A channel that cannot be sent to as configured (no URL, no routing key): retrying cannot help.</summary>
public sealed class AlertChannelConfigurationException(string message) : Exception(message);
