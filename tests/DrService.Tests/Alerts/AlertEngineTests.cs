using DrService.Alerts;
using DrService.Monitoring;

namespace DrService.Tests.Alerts;

public sealed class AlertEngineTests : IAsyncLifetime
{
    private AlertsHarness _h = null!;

    public async Task InitializeAsync() => _h = await AlertsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static Condition Lag(char step) => step switch
    {
        'B' => ConditionBuilder.For().Critical().Build(),
        'W' => ConditionBuilder.For().Warning().Build(),
        'G' => ConditionBuilder.For().Good().Build(),
        _ => ConditionBuilder.For().Unknown().Build(),
    };

    /// <summary>Steps: B bad (critical), W bad (warning), G good, U unknown; RaiseAfter = ResolveAfter = 2.</summary>
    [Theory]
    [InlineData("B", 0, null)]
    [InlineData("BG", 0, null)]
    [InlineData("BGBG", 0, null)]
    [InlineData("BUB", 0, null)]
    [InlineData("BB", 1, AlertState.Firing)]
    [InlineData("BBBBBB", 1, AlertState.Firing)]
    [InlineData("BBG", 1, AlertState.Firing)]
    [InlineData("BBGU", 1, AlertState.Firing)]
    [InlineData("BBGBG", 1, AlertState.Firing)]
    [InlineData("BBGG", 1, AlertState.Resolved)]
    [InlineData("BBGGGGG", 1, AlertState.Resolved)]
    [InlineData("BBGGBB", 2, AlertState.Firing)]
    public async Task OnConditionsAsync_Sequence_RaisesAndResolvesWithHysteresis(string steps, int alerts, AlertState? last)
    {
        foreach (var step in steps)
        {
            await _h.CycleAsync(Lag(step));
        }

        var stored = await _h.AlertsAsync();
        Assert.Equal(alerts, stored.Count);
        Assert.Equal(last, stored.LastOrDefault()?.State);
        Assert.True(stored.Count(a => a.State == AlertState.Firing) <= 1);
    }

    [Fact]
    public async Task OnConditionsAsync_BadForManyCycles_NotifiesOncePerChannel()
    {
        for (var i = 0; i < 8; i++)
        {
            await _h.CycleAsync(Lag('B'));
        }
        await _h.Worker.DeliverDueAsync(CancellationToken.None);
        await _h.CycleAsync(Lag('B'));
        await _h.Worker.DeliverDueAsync(CancellationToken.None);

        var alert = Assert.Single(await _h.AlertsAsync());
        Assert.Equal("orders/replica:orders-db-dr/ReplicaLagWithinRpo", alert.Key);
        Assert.StartsWith(alert.Key + "@", alert.DedupKey, StringComparison.Ordinal);
        var deliveries = await _h.DeliveriesAsync();
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((AlertEvent.Trigger, DeliveryState.Delivered), (d.Event, d.State)));
        Assert.Equal(3, _h.Receiver.Requests.Count);
    }

    [Fact]
    public async Task OnConditionsAsync_GoodResolveAfterTimes_SendsOneResolvePerChannel()
    {
        foreach (var step in "BBGGGGG")
        {
            await _h.CycleAsync(Lag(step));
            await _h.Worker.DeliverDueAsync(CancellationToken.None);
        }

        var alert = Assert.Single(await _h.AlertsAsync());
        Assert.Equal(AlertState.Resolved, alert.State);
        Assert.Equal(AlertsHarness.T0.AddMinutes(3), alert.ResolvedAt);
        var resolves = (await _h.DeliveriesAsync()).Where(d => d.Event == AlertEvent.Resolve).ToList();
        Assert.Equal(3, resolves.Count);
        Assert.All(resolves, d => Assert.Equal(DeliveryState.Delivered, d.State));
        Assert.Equal(6, _h.Receiver.Requests.Count);
    }

    [Fact]
    public async Task OnConditionsAsync_ConditionDisappears_ResolvesAlert()
    {
        await _h.CycleAsync(Lag('B'));
        await _h.CycleAsync(Lag('B'));

        await _h.CycleAsync();

        var alert = Assert.Single(await _h.AlertsAsync());
        Assert.Equal(AlertState.Resolved, alert.State);
        Assert.Equal(3, (await _h.DeliveriesAsync()).Count(d => d.Event == AlertEvent.Resolve));
    }

    [Fact]
    public async Task OnConditionsAsync_MonitorFailedThisCycle_KeepsAlertFiring()
    {
        await _h.CycleAsync(Lag('B'));
        await _h.CycleAsync(Lag('B'));

        // The monitor threw: its conditions stay stored but are not in this cycle's list.
        await _h.Engine.OnConditionsAsync([], CancellationToken.None);

        Assert.Equal(AlertState.Firing, Assert.Single(await _h.AlertsAsync()).State);
    }

    [Theory]
    [InlineData("WWB", ConditionSeverity.Critical, 2)]
    [InlineData("BBW", ConditionSeverity.Warning, 2)]
    [InlineData("WWWW", ConditionSeverity.Warning, 1)]
    [InlineData("WWBW", ConditionSeverity.Warning, 3)]
    public async Task OnConditionsAsync_SeverityChangesWhileFiring_UpdatesAlertAndNotifiesAgain(string steps, ConditionSeverity severity, int triggersPerChannel)
    {
        foreach (var step in steps)
        {
            await _h.CycleAsync(Lag(step));
        }

        var alert = Assert.Single(await _h.AlertsAsync());
        Assert.Equal((AlertState.Firing, severity), (alert.State, alert.Severity));
        Assert.Equal(triggersPerChannel * 3, (await _h.DeliveriesAsync()).Count(d => d.Event == AlertEvent.Trigger && d.AlertId == alert.Id));
    }

    [Theory]
    [InlineData(ConditionSeverity.Info)]
    public async Task OnConditionsAsync_InfoSeverity_NeverAlerts(ConditionSeverity severity)
    {
        for (var i = 0; i < 4; i++)
        {
            await _h.CycleAsync(ConditionBuilder.For().Bad(severity).Build());
        }

        Assert.Empty(await _h.AlertsAsync());
    }

    [Fact]
    public async Task OnConditionsAsync_TwoSubjects_OneAlertEach()
    {
        var a = ConditionBuilder.For().Subject("replica:orders-db-dr").Critical().Build();
        var b = ConditionBuilder.For().Subject("s3:orders-assets").Type("ReplicationHealthy").Warning().Build();

        await _h.CycleAsync(a, b);
        await _h.CycleAsync(a, b);
        await _h.CycleAsync(a, b);

        var alerts = await _h.AlertsAsync();
        Assert.Equal(["orders/replica:orders-db-dr/ReplicaLagWithinRpo", "orders/s3:orders-assets/ReplicationHealthy"], alerts.Select(x => x.Key).Order());
        Assert.Equal(6, (await _h.DeliveriesAsync()).Count);
    }
}
