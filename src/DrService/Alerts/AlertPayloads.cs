using System.Text.Json;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Alerts;

/// <summary>Shared payload helpers.</summary>
internal static class AlertPayloads
{
    /// <summary>camelCase, nulls written (a consumer sees <c>resolvedAt: null</c> rather than a missing field).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string EventName(AlertEvent e) => e == AlertEvent.Resolve ? "resolve" : "trigger";

    public static string SeverityName(ConditionSeverity s) => s switch
    {
        ConditionSeverity.Critical => "critical",
        ConditionSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>A readable body excerpt: the first 300 characters, on one line.</summary>
    public static string Excerpt(string body)
    {
        var line = string.Join(' ', (body ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    public static Uri RequireUrl(AlertChannelOptions channel, string what) =>
        channel.Url ?? throw new AlertChannelConfigurationException($"{what} channel has no Url");
}
