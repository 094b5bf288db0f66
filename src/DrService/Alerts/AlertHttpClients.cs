using DrService.Configuration;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Options;

namespace DrService.Alerts;

/// <summary>
/// One named <see cref="HttpClient"/> per alert channel (<c>DrService.Alerts.{channel}</c>) with the channel's timeout.
/// The factory's default request logging is taken off these clients: it logs the request URL, and a Slack or webhook
/// URL is a secret.
/// </summary>
public static class AlertHttpClients
{
    public const string Prefix = "DrService.Alerts.";

    public static string Name(string channel) => Prefix + channel;

    /// <summary>Sets each channel client's timeout from <c>Monitoring:Alerts:Channels:{channel}:Timeout</c>.</summary>
    internal sealed class ConfigureTimeouts(IOptionsMonitor<DrOptions> dr) : IConfigureNamedOptions<HttpClientFactoryOptions>
    {
        public void Configure(string? name, HttpClientFactoryOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return;
            }
            var channel = name[Prefix.Length..];
            options.HttpClientActions.Add(client =>
            {
                if (dr.CurrentValue.Monitoring.Alerts.Channels.TryGetValue(channel, out var settings))
                {
                    client.Timeout = settings.Timeout;
                }
            });
        }

        public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
    }

    /// <summary>
    /// Removes the factory's logging handlers (which log the URL) from the channel clients. Registered first among the
    /// handler-builder filters, so it runs after the logging filter has added them.
    /// </summary>
    internal sealed class WithoutUrlLogging : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            if (builder.Name?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            {
                var logging = builder.AdditionalHandlers.Where(h => h is LoggingHttpMessageHandler or LoggingScopeHttpMessageHandler).ToList();
                foreach (var handler in logging)
                {
                    builder.AdditionalHandlers.Remove(handler);
                    handler.Dispose();
                }
            }
        };
    }
}
