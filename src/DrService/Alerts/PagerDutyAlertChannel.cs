using System.Text.Json;
using System.Text.Json.Serialization;
using DrService.Configuration;

namespace DrService.Alerts;

/// <summary>
/// PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
/// <c>POST {routing_key, event_action: trigger|resolve, dedup_key, payload: {summary, source: "drservice", severity,
/// component, group, class, timestamp, custom_details}}</c>. The trigger and the resolve of one alert carry the same
/// dedup key (the alert's <see cref="AlertRecord.DedupKey"/>); a severity change re-triggers under it, which updates the
/// incident. A resolve carries no payload (PagerDuty only reads it on trigger).
/// </summary>
public sealed class PagerDutyAlertChannel : IAlertChannel
{
    public static readonly Uri DefaultUrl = new("https://events.pagerduty.com/v2/enqueue");

    public AlertChannelType Type => AlertChannelType.PagerDuty;

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(channel);
        if (string.IsNullOrWhiteSpace(channel.RoutingKey))
        {
            throw new AlertChannelConfigurationException("PagerDuty channel has no RoutingKey");
        }
        var a = notification.Alert;
        var resolve = notification.Event == AlertEvent.Resolve;
        var payload = new PagerDutyEvent(channel.RoutingKey, AlertPayloads.EventName(notification.Event), a.DedupKey,
            resolve ? null : new PagerDutyPayload(
                a.Summary.Length <= 1024 ? a.Summary : a.Summary[..1024],
                "drservice",
                AlertPayloads.SeverityName(a.Severity),
                a.Subject,
                a.Application,
                a.ConditionType,
                a.RaisedAt,
                new Dictionary<string, string?>
                {
                    ["key"] = a.Key,
                    ["application"] = a.Application,
                    ["subject"] = a.Subject,
                    ["condition"] = a.ConditionType,
                    ["raisedAt"] = a.RaisedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                }));
        return new HttpRequestMessage(HttpMethod.Post, channel.Url ?? DefaultUrl) { Content = JsonContent.Create(payload, options: Json) };
    }

    /// <summary>PagerDuty refuses with <c>{status, message, errors: [...]}</c>; the message and errors are the reason.</summary>
    public string DescribeRefusal(int statusCode, string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<PagerDutyError>(body ?? "", Json);
            if (error?.Message is { Length: > 0 } message)
            {
                var details = error.Errors is { Count: > 0 } errors ? " (" + string.Join("; ", errors) + ")" : "";
                return AlertPayloads.Excerpt($"HTTP {statusCode}: {message}{details}");
            }
        }
        catch (JsonException)
        {
            // Not PagerDuty's JSON (a proxy's page): fall through to the excerpt.
        }
        return $"HTTP {statusCode}: {AlertPayloads.Excerpt(body ?? "")}".TrimEnd(' ', ':');
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record PagerDutyEvent(string RoutingKey, string EventAction, string DedupKey, PagerDutyPayload? Payload);

    public sealed record PagerDutyPayload(
        string Summary, string Source, string Severity, string Component, string Group, string Class, DateTimeOffset Timestamp,
        IReadOnlyDictionary<string, string?> CustomDetails);

    public sealed record PagerDutyError(string? Status, string? Message, IReadOnlyList<string>? Errors);
}
