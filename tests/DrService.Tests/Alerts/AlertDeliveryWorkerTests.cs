using DrService.Alerts;
using DrService.Configuration;

namespace DrService.Tests.Alerts;

public sealed class AlertDeliveryWorkerTests
{
    private static async Task RaiseAsync(AlertsHarness h)
    {
        var bad = ConditionBuilder.For().Critical().Build();
        await h.CycleAsync(bad);
        await h.CycleAsync(bad);
    }

    [Fact]
    public async Task DeliverDueAsync_ChannelAnswers500_RetriesWithBackoffWhileOthersDeliverAtOnce()
    {
        await using var h = await AlertsHarness.StartAsync();
        h.Receiver.Fail(AlertsHarness.SlackPath, times: 2, status: 500);
        await RaiseAsync(h);

        var first = await h.Worker.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(DeliveryState.Delivered, first.Single(a => a.Channel == "webhook").State);
        Assert.Equal(DeliveryState.Delivered, first.Single(a => a.Channel == "pagerduty").State);
        Assert.Single(h.Receiver.At(AlertsHarness.WebhookPath));
        Assert.Single(h.Receiver.At(AlertsHarness.PagerDutyPath));
        var slack = (await h.DeliveriesAsync()).Single(d => d.Channel == "slack");
        Assert.Equal((DeliveryState.Pending, 1), (slack.State, slack.Attempts));
        Assert.Equal(h.Time.GetUtcNow() + AlertBackoff.Delay(1), slack.NextAttemptAt);
        Assert.Equal("HTTP 500: upstream unavailable", slack.LastError);

        Assert.Empty(await h.Worker.DeliverDueAsync(CancellationToken.None));
        h.Time.Advance(AlertBackoff.Delay(1));
        Assert.Equal(DeliveryState.Pending, Assert.Single(await h.Worker.DeliverDueAsync(CancellationToken.None)).State);
        h.Time.Advance(AlertBackoff.Delay(1));
        Assert.Empty(await h.Worker.DeliverDueAsync(CancellationToken.None));
        h.Time.Advance(AlertBackoff.Delay(2) - AlertBackoff.Delay(1));
        var last = Assert.Single(await h.Worker.DeliverDueAsync(CancellationToken.None));

        Assert.Equal(("slack", DeliveryState.Delivered, 3), (last.Channel, last.State, last.Attempts));
        Assert.Equal(3, h.Receiver.At(AlertsHarness.SlackPath).Count);
        Assert.Single(h.Receiver.At(AlertsHarness.WebhookPath));
    }

    [Theory]
    [InlineData(AlertChannelType.Webhook)]
    [InlineData(AlertChannelType.Slack)]
    [InlineData(AlertChannelType.PagerDuty)]
    public async Task DeliverDueAsync_MaxAttemptsExhausted_FailedWithErrorWithoutSecrets(AlertChannelType type)
    {
        await using var h = await AlertsHarness.StartAsync(type);
        var path = AlertsHarness.PathOf(type);
        // A hostile answer that echoes the secrets back.
        var channel = Assert.Single(h.Settings.Channels).Value;
        h.Receiver.Fail(path, times: 100, status: 503, body: $"overloaded at {channel.Url} key {channel.RoutingKey}");
        await RaiseAsync(h);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await h.Worker.DeliverDueAsync(CancellationToken.None);
            h.Time.Advance(AlertBackoff.Max);
        }
        Assert.Empty(await h.Worker.DeliverDueAsync(CancellationToken.None));

        var delivery = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal((DeliveryState.Failed, 4), (delivery.State, delivery.Attempts));
        Assert.Contains("HTTP 503", delivery.LastError, StringComparison.Ordinal);
        Assert.Contains("gave up after 4 attempts", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(4, h.Receiver.At(path).Count);
        foreach (var secret in AlertsHarness.Secrets)
        {
            Assert.DoesNotContain(secret, delivery.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
        Assert.Contains(h.Logs.Lines, l => l.Contains("failed for good", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400, DeliveryState.Failed, 1)]
    [InlineData(403, DeliveryState.Failed, 1)]
    [InlineData(404, DeliveryState.Failed, 1)]
    [InlineData(429, DeliveryState.Pending, 1)]
    [InlineData(500, DeliveryState.Pending, 1)]
    [InlineData(502, DeliveryState.Pending, 1)]
    [InlineData(202, DeliveryState.Delivered, 1)]
    public async Task DeliverDueAsync_PagerDutyAnswer_ClassifiedByStatus(int status, DeliveryState expected, int attempts)
    {
        await using var h = await AlertsHarness.StartAsync(AlertChannelType.PagerDuty);
        if (status != 202)
        {
            h.Receiver.Fail(AlertsHarness.PagerDutyPath, times: 1, status: status,
                body: """{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect"]}""");
        }
        await RaiseAsync(h);

        var attempt = Assert.Single(await h.Worker.DeliverDueAsync(CancellationToken.None));

        Assert.Equal((expected, attempts), (attempt.State, attempt.Attempts));
        if (status != 202)
        {
            Assert.Equal($"HTTP {status}: Event object is invalid (Length of 'routing_key' is incorrect)", attempt.Error);
        }
    }

    [Fact]
    public async Task DeliverDueAsync_ResolveWhileTriggerRetrying_ResolveWaitsForTrigger()
    {
        await using var h = await AlertsHarness.StartAsync(AlertChannelType.PagerDuty);
        h.Receiver.Fail(AlertsHarness.PagerDutyPath, times: 1, status: 500);
        await RaiseAsync(h);
        await h.Worker.DeliverDueAsync(CancellationToken.None);
        var good = ConditionBuilder.For().Good().Build();
        await h.CycleAsync(good);
        await h.CycleAsync(good);

        // The trigger's retry is due: it goes first; the resolve of the same alert and channel waits for it.
        Assert.Equal(AlertEvent.Trigger, Assert.Single(await h.Worker.DeliverDueAsync(CancellationToken.None)).Event);
        Assert.Equal(AlertEvent.Resolve, Assert.Single(await h.Worker.DeliverDueAsync(CancellationToken.None)).Event);

        var actions = h.Receiver.At(AlertsHarness.PagerDutyPath).Select(r => r.Json.GetProperty("event_action").GetString());
        Assert.Equal(["trigger", "trigger", "resolve"], actions);
    }

    [Fact]
    public async Task DeliverDueAsync_ChannelRemovedFromConfiguration_FailsItsDeliveries()
    {
        await using var h = await AlertsHarness.StartAsync(AlertChannelType.Webhook, AlertChannelType.Slack);
        await RaiseAsync(h);
        h.Settings.Channels.Remove("slack");

        var attempts = await h.Worker.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(DeliveryState.Failed, attempts.Single(a => a.Channel == "slack").State);
        Assert.Equal("channel 'slack' is no longer configured", attempts.Single(a => a.Channel == "slack").Error);
        Assert.Equal(DeliveryState.Delivered, attempts.Single(a => a.Channel == "webhook").State);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(6, 320)]
    [InlineData(7, 600)]
    [InlineData(30, 600)]
    public void Delay_FailedAttempts_DoublesUpToCap(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AlertBackoff.Delay(failedAttempts));

    [Fact]
    public void Delay_RetryAfterLonger_HonoursIt() =>
        Assert.Equal(TimeSpan.FromSeconds(90), AlertBackoff.Delay(1, TimeSpan.FromSeconds(90)));
}
