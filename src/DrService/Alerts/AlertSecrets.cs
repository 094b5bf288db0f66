using DrService.Configuration;

namespace DrService.Alerts;

/// <summary>
/// A channel's secrets are its URL's path and query (a Slack or webhook URL is a bearer credential) and its PagerDuty
/// routing key. They never reach a log or a delivery record: every text from a send (exception, response body) goes
/// through <see cref="Scrub"/>, and logs name the channel, never its URL.
/// </summary>
public static class AlertSecrets
{
    public const string Mask = "***";

    public static string Scrub(string? text, AlertChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        foreach (var secret in Secrets(channel).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    private static IEnumerable<string> Secrets(AlertChannelOptions channel)
    {
        if (!string.IsNullOrEmpty(channel.RoutingKey))
        {
            yield return channel.RoutingKey;
        }
        if (channel.Url is { } url)
        {
            yield return url.OriginalString;
            yield return url.AbsoluteUri;
            if (url.IsAbsoluteUri && url.PathAndQuery.Length > 1)
            {
                yield return url.PathAndQuery;
                if (url.AbsolutePath.Length > 1)
                {
                    yield return url.AbsolutePath;
                }
                if (url.Query.Length > 1)
                {
                    yield return url.Query;
                }
            }
        }
    }
}
