using System.Text.Json;
using DrService.Alerts;
using DrService.Configuration;
using DrService.Monitoring;

namespace DrService.Tests.Alerts;

public sealed class AlertChannelPayloadTests
{
    private static async Task<AlertsHarness> RaiseAndResolveAsync(AlertChannelType type)
    {
        var h = await AlertsHarness.StartAsync(type);
        foreach (var step in "BBGG")
        {
            await h.CycleAsync(step == 'B' ? ConditionBuilder.For().Critical().Build() : ConditionBuilder.For().Good().Build());
            await h.Worker.DeliverDueAsync(CancellationToken.None);
        }
        return h;
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task CreateRequest_PagerDuty_TriggerAndResolveShareDedupKeyWithDocumentedFields()
    {
        await using var h = await RaiseAndResolveAsync(AlertChannelType.PagerDuty);
        var alert = Assert.Single(await h.AlertsAsync());

        var requests = h.Receiver.At(AlertsHarness.PagerDutyPath);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("POST", "application/json; charset=utf-8"), (r.Method, r.ContentType)));
        var trigger = requests[0].Json;
        var resolve = requests[1].Json;
        Assert.Equal((AlertsHarness.RoutingKey, "trigger", alert.DedupKey), (S(trigger, "routing_key"), S(trigger, "event_action"), S(trigger, "dedup_key")));
        Assert.Equal((AlertsHarness.RoutingKey, "resolve", alert.DedupKey), (S(resolve, "routing_key"), S(resolve, "event_action"), S(resolve, "dedup_key")));
        var payload = trigger.GetProperty("payload");
        Assert.Equal("drservice", S(payload, "source"));
        Assert.Equal("critical", S(payload, "severity"));
        Assert.Equal("replica:orders-db-dr", S(payload, "component"));
        Assert.Equal("orders", S(payload, "group"));
        Assert.Equal("ReplicaLagWithinRpo", S(payload, "class"));
        Assert.Contains("lag 900s over the 600s RPO", S(payload, "summary"), StringComparison.Ordinal);
        Assert.Equal(alert.Key, S(payload.GetProperty("custom_details"), "key"));
        Assert.Equal(AlertsHarness.T0.AddMinutes(1), payload.GetProperty("timestamp").GetDateTimeOffset());
        Assert.False(resolve.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task CreateRequest_Webhook_PostsEventAndAlert()
    {
        await using var h = await RaiseAndResolveAsync(AlertChannelType.Webhook);
        var alert = Assert.Single(await h.AlertsAsync());

        var requests = h.Receiver.At(AlertsHarness.WebhookPath);
        Assert.Equal(["trigger", "resolve"], requests.Select(r => S(r.Json, "event")));
        var fired = requests[0].Json.GetProperty("alert");
        Assert.Equal(
            [alert.Key, alert.DedupKey, "orders", "replica:orders-db-dr", "ReplicaLagWithinRpo", "critical", "firing"],
            new[] { "key", "dedupKey", "application", "subject", "condition", "severity", "state" }.Select(n => S(fired, n)));
        Assert.Equal(AlertsHarness.T0.AddMinutes(1), fired.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, fired.GetProperty("resolvedAt").ValueKind);
        Assert.StartsWith("orders replica:orders-db-dr: ReplicaLagWithinRpo is False", S(fired, "summary"), StringComparison.Ordinal);
        var resolved = requests[1].Json.GetProperty("alert");
        Assert.Equal("resolved", S(resolved, "state"));
        Assert.Equal(AlertsHarness.T0.AddMinutes(3), resolved.GetProperty("resolvedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task CreateRequest_Slack_TextBlocksAndColourPerState()
    {
        await using var h = await RaiseAndResolveAsync(AlertChannelType.Slack);

        var requests = h.Receiver.At(AlertsHarness.SlackPath);
        Assert.Equal(2, requests.Count);
        var trigger = requests[0].Json;
        Assert.StartsWith(":rotating_light: [CRITICAL] orders: replica:orders-db-dr ReplicaLagWithinRpo", S(trigger, "text"), StringComparison.Ordinal);
        var blocks = trigger.GetProperty("blocks");
        Assert.Equal(["section", "context"], blocks.EnumerateArray().Select(b => S(b, "type")));
        Assert.Equal("mrkdwn", S(blocks[0].GetProperty("text"), "type"));
        Assert.Contains("lag 900s", S(blocks[0].GetProperty("text"), "text"), StringComparison.Ordinal);
        Assert.Equal("#e01e5a", S(trigger.GetProperty("attachments")[0], "color"));
        var resolve = requests[1].Json;
        Assert.StartsWith(":white_check_mark: [RESOLVED]", S(resolve, "text"), StringComparison.Ordinal);
        Assert.Equal("#2eb67d", S(resolve.GetProperty("attachments")[0], "color"));
    }

    [Theory]
    [InlineData(AlertEvent.Trigger, ConditionSeverity.Critical, ":rotating_light:", "#e01e5a")]
    [InlineData(AlertEvent.Trigger, ConditionSeverity.Warning, ":warning:", "#ecb22e")]
    [InlineData(AlertEvent.Resolve, ConditionSeverity.Critical, ":white_check_mark:", "#2eb67d")]
    [InlineData(AlertEvent.Resolve, ConditionSeverity.Warning, ":white_check_mark:", "#2eb67d")]
    public void Style_EventAndSeverity_EmojiAndColour(AlertEvent e, ConditionSeverity severity, string emoji, string color) =>
        Assert.Equal((emoji, color), SlackAlertChannel.Style(e, severity));

    [Theory]
    [InlineData("a <b> & c", "a &lt;b&gt; &amp; c")]
    [InlineData("plain", "plain")]
    public void Escape_MrkdwnControlCharacters_Escaped(string text, string expected) =>
        Assert.Equal(expected, SlackAlertChannel.Escape(text));

    [Theory]
    [InlineData("https://hooks.slack.com/services/T1/B2/abc", null, "failed: https://hooks.slack.com/services/T1/B2/abc", "failed: ***")]
    [InlineData("https://hooks.slack.com/services/T1/B2/abc", null, "POST /services/T1/B2/abc refused", "POST *** refused")]
    [InlineData("https://events.pagerduty.com/v2/enqueue", "0123456789abcdef0123456789abcdef", "bad key 0123456789ABCDEF0123456789ABCDEF", "bad key ***")]
    [InlineData("https://example.test/hook?token=s3cr3t", null, "echo ?token=s3cr3t", "echo ***")]
    public void Scrub_TextWithSecrets_Masked(string url, string? routingKey, string text, string expected) =>
        Assert.Equal(expected, AlertSecrets.Scrub(text, new AlertChannelOptions { Url = new Uri(url), RoutingKey = routingKey }));

    [Theory]
    [InlineData(30, false)]
    [InlineData(300, true)]
    public void DedupKey_KeyLength_FitsPagerDuty(int subjectLength, bool hashed)
    {
        var key = AlertKeys.Key("orders", new string('s', subjectLength), "Rpo");

        var dedup = AlertKeys.DedupKey(key, AlertsHarness.T0);

        Assert.True(dedup.Length <= AlertKeys.MaxDedupKeyLength);
        Assert.EndsWith("@20261201T080000000Z", dedup, StringComparison.Ordinal);
        Assert.Equal(hashed, !dedup.StartsWith(key, StringComparison.Ordinal));
    }
}
