using DrService.Alerts;
using DrService.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Alerts;

public sealed class AlertHttpClientsTests
{
    [Fact]
    public async Task CreateClient_ChannelClient_HasChannelTimeoutAndLogsNoUrl()
    {
        await using var h = await AlertsHarness.StartAsync(AlertChannelType.Slack);
        h.Settings.Channels["slack"].Timeout = TimeSpan.FromSeconds(7);
        var factory = h.Services.GetRequiredService<IHttpClientFactory>();

        using var control = await factory.CreateClient("control").PostAsync(h.Receiver.Url("/control/control-secret"), null);
        var channel = factory.CreateClient(AlertHttpClients.Name("slack"));
        using var sent = await channel.PostAsync(h.Receiver.Url(AlertsHarness.SlackPath), null);

        Assert.Equal(TimeSpan.FromSeconds(7), channel.Timeout);
        Assert.Contains(h.Logs.Lines, l => l.Contains("control-secret", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("xoxSlackSecret42", StringComparison.Ordinal));
        Assert.Equal(2, h.Receiver.Requests.Count);
    }
}
