using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using DrService.Witness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Witness;

public sealed class WitnessServiceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ProbeRoundAsync_PrimaryGoesDownAndComesBack_StoresConditionsAndHistoryHonouringThreshold()
    {
        await using var primary = TestEndpoint.Start();
        await using var secondary = TestEndpoint.Start();
        await using var host = await WitnessTestHost.CreateAsync(WitnessTestHost.Options(
            ("orders", new ProbesOptions { Primary = primary.Uri, Secondary = secondary.Uri, Threshold = 2, Interval = Interval }, null)));

        var verdicts = new List<WitnessVerdict>();
        var primaryConditions = new List<ConditionStatus>();
        foreach (var answer in new[] { "ok", "ok", "down", "down", "down", "ok", "ok" })
        {
            primary.Mode = answer == "ok" ? TestEndpoint.Answer.Ok : TestEndpoint.Answer.Unavailable;
            verdicts.Add((await host.Witness.ProbeRoundAsync("orders", CancellationToken.None)).Verdict);
            primaryConditions.Add((await ConditionAsync(host, WitnessConditions.PrimaryReachable)).Status);
            host.Time.Advance(Interval);
        }

        Assert.Equal(
            [WitnessVerdict.Unknown, WitnessVerdict.Healthy, WitnessVerdict.Healthy, WitnessVerdict.PrimaryDown, WitnessVerdict.PrimaryDown, WitnessVerdict.PrimaryDown, WitnessVerdict.Healthy],
            verdicts);
        Assert.Equal(
            [ConditionStatus.Unknown, ConditionStatus.True, ConditionStatus.True, ConditionStatus.False, ConditionStatus.False, ConditionStatus.False, ConditionStatus.True],
            primaryConditions);
        var history = await HistoryAsync(host);
        Assert.Equal([WitnessVerdict.Healthy, WitnessVerdict.PrimaryDown, WitnessVerdict.Healthy], history.Select(v => v.Verdict));
        Assert.Equal([WitnessWhen(1), WitnessWhen(3), WitnessWhen(6)], history.Select(v => v.At));
        Assert.Equal([false, true], history.Skip(1).Select(v => v.PrimaryUp!.Value));
        Assert.All(history, v => Assert.True(v.SecondaryUp));
        var secondaryCondition = await ConditionAsync(host, WitnessConditions.SecondaryReachable);
        Assert.Equal((ConditionStatus.True, WitnessConditions.SecondarySubject, WitnessConditions.Monitor), (secondaryCondition.Status, secondaryCondition.Subject, secondaryCondition.Monitor));
        Assert.NotNull(secondaryCondition.Value);
        Assert.Equal(7, primary.Hits);
    }

    [Fact]
    public async Task ProbeRoundAsync_PrimaryDown_StoresCriticalConditionWithReason()
    {
        await using var primary = TestEndpoint.Start(TestEndpoint.Answer.Unavailable);
        await using var host = await WitnessTestHost.CreateAsync(WitnessTestHost.Options(
            ("orders", new ProbesOptions { Primary = primary.Uri, Threshold = 1 }, null)));

        await host.Witness.ProbeRoundAsync("orders", CancellationToken.None);

        var condition = await ConditionAsync(host, WitnessConditions.PrimaryReachable);
        Assert.Equal((ConditionStatus.False, ConditionSeverity.Critical, WitnessConditions.PrimarySubject), (condition.Status, condition.Severity, condition.Subject));
        Assert.Contains("HTTP 503", condition.Message, StringComparison.Ordinal);
        var stored = await host.Services.GetRequiredService<ConditionStore>().ListAsync("orders", CancellationToken.None);
        Assert.DoesNotContain(stored, c => c.Type == WitnessConditions.SecondaryReachable);
    }

    [Fact]
    public async Task ProbeRoundAsync_Route53SaysHealthyWhileProbesFail_RecordsDegradedAndNeverFailsOver()
    {
        await using var primary = TestEndpoint.Start(TestEndpoint.Answer.Unavailable);
        await using var host = await WitnessTestHost.CreateAsync(WitnessTestHost.Options(
            ("orders", new ProbesOptions { Primary = primary.Uri, Threshold = 1 },
                new AutoFailoverOptions { Enabled = true, PrimaryDownFor = TimeSpan.FromMinutes(1), RequireRoute53Agreement = true })));
        await host.Services.GetRequiredService<ConditionStore>().ApplyAsync("dns",
            [Condition.True("orders", "dns:orders.example.com./A", WitnessConditions.Route53PrimaryHealthy, "Healthy", "health check healthy")], CancellationToken.None);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(WitnessVerdict.Degraded, (await host.Witness.ProbeRoundAsync("orders", CancellationToken.None)).Verdict);
            host.Time.Advance(Interval);
        }

        var only = Assert.Single(await HistoryAsync(host));
        Assert.Equal((false, true), (only.PrimaryUp, only.Route53PrimaryHealthy));
        Assert.Contains("witnesses disagree", only.Detail, StringComparison.Ordinal);
        Assert.Empty(await AutoRequestsAsync(host));
        Assert.Single(await host.Services.GetRequiredService<ConditionStore>().ListAsync("orders", CancellationToken.None), c => c.Monitor == "dns");
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task ProbeRoundAsync_PrimaryDownBeyondPrimaryDownFor_RequestsFailoverOncePerOutage(bool enabled, int expected)
    {
        await using var primary = TestEndpoint.Start(TestEndpoint.Answer.Unavailable);
        await using var host = await WitnessTestHost.CreateAsync(WitnessTestHost.Options(
            ("orders", new ProbesOptions { Primary = primary.Uri, Threshold = 1, Interval = Interval },
                new AutoFailoverOptions { Enabled = enabled, PrimaryDownFor = TimeSpan.FromSeconds(60) })));

        var requestsAfterRound = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            await host.Witness.ProbeRoundAsync("orders", CancellationToken.None);
            requestsAfterRound.Add((await AutoRequestsAsync(host)).Count);
            host.Time.Advance(Interval);
        }

        // Down from round 0 (t=0); PrimaryDownFor (60 s) is reached at round 2, and never fires again.
        Assert.Equal(enabled ? [0, 0, 1, 1, 1, 1] : [0, 0, 0, 0, 0, 0], requestsAfterRound);
        var requests = await AutoRequestsAsync(host);
        Assert.Equal(expected, requests.Count);
        if (enabled)
        {
            Assert.Equal(("orders", "auto-failover-orders-20261129080000", LoggingFailoverTrigger.Actor),
                (requests[0].Application, requests[0].Target, requests[0].Actor));
        }
    }

    [Fact]
    public async Task ProbeRoundAsync_OutageInterruptedThenAgain_RequestsOnlyAfterSecondOutageLastsPrimaryDownFor()
    {
        await using var primary = TestEndpoint.Start(TestEndpoint.Answer.Unavailable);
        await using var host = await WitnessTestHost.CreateAsync(WitnessTestHost.Options(
            ("orders", new ProbesOptions { Primary = primary.Uri, Threshold = 1, Interval = Interval },
                new AutoFailoverOptions { Enabled = true, PrimaryDownFor = TimeSpan.FromSeconds(60) })));

        var requestsAfterRound = new List<int>();
        foreach (var answer in "DDUDDD") // down 30 s, up once (a break), then down 60 s
        {
            primary.Mode = answer == 'U' ? TestEndpoint.Answer.Ok : TestEndpoint.Answer.Unavailable;
            await host.Witness.ProbeRoundAsync("orders", CancellationToken.None);
            requestsAfterRound.Add((await AutoRequestsAsync(host)).Count);
            host.Time.Advance(Interval);
        }

        Assert.Equal([0, 0, 0, 0, 0, 1], requestsAfterRound);
        Assert.Equal("auto-failover-orders-20261129080130", Assert.Single(await AutoRequestsAsync(host)).Target);
    }

    [Fact]
    public async Task ExecuteAsync_TimerTicks_ProbesEachApplicationOnItsOwnInterval()
    {
        await using var fast = TestEndpoint.Start();
        await using var slow = TestEndpoint.Start(TestEndpoint.Answer.Unavailable);
        await using var host = await WitnessTestHost.CreateAsync(WitnessTestHost.Options(
            // The probe timeout runs on the fake clock too: longer than the whole test's 30 s, so that advancing the
            // clock while a probe is in flight never turns it into a timeout.
            ("fast", new ProbesOptions { Primary = fast.Uri, Threshold = 1, Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMinutes(1) }, null),
            ("slow", new ProbesOptions { Primary = slow.Uri, Threshold = 1, Interval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromMinutes(1) }, null),
            ("unprobed", new ProbesOptions(), null)));
        var witness = host.Witness;

        await witness.StartAsync(CancellationToken.None);
        await Task.WhenAll(fast.WaitForHitAsync(1), slow.WaitForHitAsync(1));
        for (var hit = 2; hit <= 4; hit++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(10));
            await fast.WaitForHitAsync(hit);
        }
        await slow.WaitForHitAsync(2);
        await witness.StopAsync(CancellationToken.None);

        Assert.Equal((4, 2), (fast.Hits, slow.Hits));
        var board = host.Services.GetRequiredService<WitnessBoard>();
        Assert.Equal((WitnessVerdict.Healthy, WitnessVerdict.PrimaryDown), (board.For("fast").Verdict, board.For("slow").Verdict));
        Assert.False(board.TryGet("unprobed", out _));
        Assert.Equal(2, (await host.Services.GetRequiredService<ConditionStore>().ListAsync(null, CancellationToken.None)).Count);
    }

    private static DateTimeOffset WitnessWhen(int round) => WitnessTestHost.Start + (Interval * round);

    private static async Task<ConditionRecord> ConditionAsync(WitnessTestHost host, string type) =>
        (await host.Services.GetRequiredService<ConditionStore>().ListAsync("orders", CancellationToken.None)).Single(c => c.Type == type);

    private static async Task<List<VerdictRecord>> HistoryAsync(WitnessTestHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Verdicts.OrderBy(v => v.Id).ToListAsync();
    }

    private static async Task<List<AuditRecord>> AutoRequestsAsync(WitnessTestHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.Where(a => a.Action == LoggingFailoverTrigger.AuditAction).OrderBy(a => a.Id).ToListAsync();
    }
}
