using DrService.Configuration;

namespace DrService.Alerts;

/// <summary>
/// A generic JSON webhook: <c>POST {event: trigger|resolve, alert: {key, dedupKey, application, subject, condition,
/// severity, state, summary, raisedAt, resolvedAt}}</c>.
/// </summary>
public sealed class WebhookAlertChannel : IAlertChannel
{
    public AlertChannelType Type => AlertChannelType.Webhook;

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(channel);
        var url = AlertPayloads.RequireUrl(channel, "Webhook");
        var a = notification.Alert;
        var payload = new WebhookPayload(AlertPayloads.EventName(notification.Event), new WebhookAlert(
            a.Key, a.DedupKey, a.Application, a.Subject, a.ConditionType, AlertPayloads.SeverityName(a.Severity),
            a.State.ToString().ToLowerInvariant(), a.Summary, a.RaisedAt, a.ResolvedAt));
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload, options: AlertPayloads.Json) };
    }

    public string DescribeRefusal(int statusCode, string body) => $"HTTP {statusCode}: {AlertPayloads.Excerpt(body)}".TrimEnd(' ', ':');

    public sealed record WebhookPayload(string Event, WebhookAlert Alert);

    public sealed record WebhookAlert(
        string Key, string DedupKey, string Application, string Subject, string Condition, string Severity, string State,
        string Summary, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt);
}
