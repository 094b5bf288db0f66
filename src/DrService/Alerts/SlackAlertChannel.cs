using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Alerts;

/// <summary>
/// A Slack incoming webhook: <c>{text, blocks, attachments: [{color, blocks}]}</c>. <c>text</c> is the notification
/// fallback; the header block carries an emoji per severity (<c>:rotating_light:</c> critical, <c>:warning:</c>
/// warning) or <c>:white_check_mark:</c> when resolved; the attachment's colour bar follows the same rule.
/// </summary>
public sealed class SlackAlertChannel : IAlertChannel
{
    public AlertChannelType Type => AlertChannelType.Slack;

    public static (string Emoji, string Color) Style(AlertEvent e, ConditionSeverity severity) => (e, severity) switch
    {
        (AlertEvent.Resolve, _) => (":white_check_mark:", "#2eb67d"),
        (_, ConditionSeverity.Critical) => (":rotating_light:", "#e01e5a"),
        (_, ConditionSeverity.Warning) => (":warning:", "#ecb22e"),
        _ => (":information_source:", "#36c5f0"),
    };

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(channel);
        var url = AlertPayloads.RequireUrl(channel, "Slack");
        var a = notification.Alert;
        var (emoji, color) = Style(notification.Event, a.Severity);
        var status = notification.Event == AlertEvent.Resolve ? "RESOLVED" : AlertPayloads.SeverityName(a.Severity).ToUpperInvariant();
        var title = $"{emoji} [{status}] {a.Application}: {a.Subject} {a.ConditionType}";
        var since = notification.Event == AlertEvent.Resolve && a.ResolvedAt is { } resolved
            ? $"raised {a.RaisedAt:u}, resolved {resolved:u}"
            : $"raised {a.RaisedAt:u}";
        object[] blocks =
        [
            new { type = "section", text = new { type = "mrkdwn", text = $"*{Escape(title)}*\n{Escape(a.Summary)}" } },
            new
            {
                type = "context",
                elements = new object[] { new { type = "mrkdwn", text = Escape($"{a.Key} · {since} · dedup {a.DedupKey}") } },
            },
        ];
        var payload = new
        {
            text = $"{title}: {a.Summary}",
            blocks,
            attachments = new[] { new { color, fallback = $"{status}: {a.Key}", text = Escape(a.Summary) } },
        };
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload, options: AlertPayloads.Json) };
    }

    /// <summary>Slack answers a refusal with a short code as plain text (<c>invalid_payload</c>, <c>no_service</c>).</summary>
    public string DescribeRefusal(int statusCode, string body) => $"HTTP {statusCode}: {AlertPayloads.Excerpt(body)}".TrimEnd(' ', ':');

    /// <summary>mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping).</summary>
    public static string Escape(string text) => (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
