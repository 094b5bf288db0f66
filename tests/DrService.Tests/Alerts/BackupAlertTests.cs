using DrService.Alerts;
using DrService.Configuration;
using DrService.Backups.Rpo;
using DrService.Monitoring;

namespace DrService.Tests.Alerts;

public sealed class BackupAlertTests : IAsyncLifetime
{
    private const string RpoKey = "orders/backup:EbsSnapshot:vol-0abc/Rpo";
    private const string CopyKey = "orders/backup:EbsSnapshot:vol-0abc/CopyFailed";
    private AlertsHarness _h = null!;

    public async Task InitializeAsync() => _h = await AlertsHarness.StartAsync(AlertChannelType.Webhook);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(RpoState.Breached, ConditionSeverity.Critical)]
    [InlineData(RpoState.AtRisk, ConditionSeverity.Warning)]
    public async Task OnConditionsAsync_RpoBadForTwoBackupCycles_RaisesRpoAlert(RpoState state, ConditionSeverity severity)
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(state));
        await _h.BackupCycleAsync(AlertsHarness.Volume(state));
        await _h.Worker.DeliverDueAsync(CancellationToken.None);

        var alert = Assert.Single(await _h.AlertsAsync());
        Assert.Equal((RpoKey, severity, AlertState.Firing), (alert.Key, alert.Severity, alert.State));
        var sent = Assert.Single(_h.Receiver.At(AlertsHarness.WebhookPath)).Json.GetProperty("alert");
        Assert.Equal("Rpo", sent.GetProperty("condition").GetString());
        Assert.Contains($"RPO {state}", sent.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RpoState.Ok)]
    [InlineData(RpoState.Unknown)]
    public async Task OnConditionsAsync_RpoNotBad_NoAlert(RpoState state)
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(state));
        await _h.BackupCycleAsync(AlertsHarness.Volume(state));

        Assert.Empty(await _h.AlertsAsync());
    }

    [Fact]
    public async Task OnConditionsAsync_OneBackupCycleSeenByManyMonitoringCycles_CountsOnce()
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Breached));
        await _h.CycleAsync();
        await _h.CycleAsync();

        Assert.Empty(await _h.AlertsAsync());
    }

    [Fact]
    public async Task OnConditionsAsync_CopyFailsTwoCycles_RaisesCopyFailedWarning()
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok, "InvalidSnapshot.NotFound"));
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok, "InvalidSnapshot.NotFound"));

        var alert = Assert.Single(await _h.AlertsAsync());
        Assert.Equal((CopyKey, ConditionSeverity.Warning), (alert.Key, alert.Severity));
        Assert.Contains("InvalidSnapshot.NotFound", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnConditionsAsync_CopySucceedsTwoCycles_ResolvesCopyFailed()
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok, "InvalidSnapshot.NotFound"));
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok, "InvalidSnapshot.NotFound"));
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok));
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok));

        Assert.Equal(AlertState.Resolved, Assert.Single(await _h.AlertsAsync()).State);
    }

    [Fact]
    public async Task OnConditionsAsync_ResourceLeavesBackupStatus_ResolvesItsAlerts()
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Breached, "InvalidSnapshot.NotFound"));
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Breached, "InvalidSnapshot.NotFound"));
        Assert.Equal(2, (await _h.AlertsAsync()).Count(a => a.State == AlertState.Firing));

        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Ok, resource: "vol-0new"));

        Assert.All(await _h.AlertsAsync(), a => Assert.Equal(AlertState.Resolved, a.State));
    }

    [Fact]
    public async Task OnConditionsAsync_ApplicationRemovedFromConfiguration_ResolvesItsAlerts()
    {
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Breached));
        await _h.BackupCycleAsync(AlertsHarness.Volume(RpoState.Breached));

        _h.Options.Applications.Remove("orders");
        await _h.CycleAsync();

        Assert.Equal(AlertState.Resolved, Assert.Single(await _h.AlertsAsync()).State);
    }
}
