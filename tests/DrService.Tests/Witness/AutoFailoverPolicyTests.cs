using DrService.Configuration;
using DrService.Witness;

namespace DrService.Tests.Witness;

public sealed class AutoFailoverPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    /// <summary>History: "Verdict@seconds,..." (changes only, as stored); PrimaryDownFor is 300 s.</summary>
    [Theory]
    [InlineData("Healthy@0,PrimaryDown@100", true, 399, null, false)] // not long enough
    [InlineData("Healthy@0,PrimaryDown@100", true, 400, null, true)] // exactly PrimaryDownFor
    [InlineData("Healthy@0,PrimaryDown@100", true, 4000, null, true)]
    [InlineData("Healthy@0,PrimaryDown@100", false, 4000, null, false)] // disabled
    [InlineData("PrimaryDown@0,Degraded@200,PrimaryDown@250", true, 500, null, false)] // interrupted: the clock restarts at 250
    [InlineData("PrimaryDown@0,Degraded@200,PrimaryDown@250", true, 550, null, true)]
    [InlineData("PrimaryDown@0,Healthy@400", true, 4000, null, false)] // over
    [InlineData("PrimaryDown@0,Unknown@350", true, 4000, null, false)] // restarted: not known any more
    [InlineData("Healthy@0,PrimaryDown@100", true, 4000, 100, false)] // this outage already fired
    [InlineData("PrimaryDown@0,Healthy@10,PrimaryDown@100", true, 4000, 0, true)] // an earlier outage fired, not this one
    [InlineData("", true, 4000, null, false)]
    public void Decide_History_StartsOnlyAfterPrimaryDownForWithoutBreak(string history, bool enabled, int nowSeconds, int? triggeredAt, bool expected)
    {
        var options = new AutoFailoverOptions { Enabled = enabled, PrimaryDownFor = TimeSpan.FromSeconds(300) };

        var decision = AutoFailoverPolicy.Decide(Parse(history), options, T0.AddSeconds(nowSeconds),
            triggeredAt is { } t ? T0.AddSeconds(t) : null);

        Assert.Equal(expected, decision.Start);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Decide_HistoryOutOfOrder_UsesNewestChange()
    {
        var history = Parse("PrimaryDown@100,Healthy@0").ToList();
        var options = new AutoFailoverOptions { Enabled = true, PrimaryDownFor = TimeSpan.FromSeconds(300) };

        var decision = AutoFailoverPolicy.Decide(history, options, T0.AddSeconds(400), null);

        Assert.True(decision.Start);
        Assert.Equal(T0.AddSeconds(100), decision.DownSince);
    }

    [Fact]
    public void KeyFor_Outage_IsDeterministic() =>
        Assert.Equal("auto-failover-orders-20261129080140", FailoverDecision.KeyFor("orders", T0.AddSeconds(100)));

    private static IEnumerable<VerdictRecord> Parse(string history) =>
        history.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((entry, i) =>
        {
            var parts = entry.Split('@');
            return new VerdictRecord
            {
                Id = i + 1,
                Application = "orders",
                Verdict = Enum.Parse<WitnessVerdict>(parts[0]),
                At = T0.AddSeconds(int.Parse(parts[1])),
                Detail = parts[0],
            };
        });
}
