using DrService.Advisor;
using DrService.Configuration;

namespace DrService.Tests.Advisor;

/// <summary>
/// The pure calculator on fixed sizes and prices. Expected values, by hand: B = EBS copies 140 GB × 1.9 × 0.05
/// (13.30) + their transfer 140 × 0.1 × 730/24 × 0.02 (8.52) + RDS copies 200 × 1.9 × 0.1 (38.00) + their transfer
/// (12.17) = 71.99; pilot light adds the replica 730 h × 0.2 (146.00), its storage (20.00) and traffic (1.20) and one
/// stopped instance's 20 GB volume (2.00) = 241.19; A adds the replica (167.20), one running t3.large (73.00) and its
/// volume (2.00) = 314.19. RTO (default step estimates): B 40+5+2+3 = 50 min, pilot light 12+10 = 22 min, A 10+10 =
/// 20 min. RPO: B one day + 30 min, A and pilot light 1 min.
/// </summary>
public sealed class AdvisorCalculatorTests
{
    [Fact]
    public void Evaluate_FixedSizes_PricesEachTierAsComputedByHand()
    {
        var advice = AdvisorInputBuilder.For().Evaluate();

        Assert.Equal(
            [(ApplicationTier.B, 71.99m), (ApplicationTier.PilotLight, 241.19m), (ApplicationTier.A, 314.19m)],
            advice.Rows.Select(r => (r.Tier, r.Cost.Monthly)));
        Assert.All(advice.Rows, r => Assert.True(r.Cost.Complete));
        var b = advice.Rows.Single(r => r.Tier == ApplicationTier.B);
        Assert.Equal([13.30m, 8.52m, 38.00m, 12.17m], b.Cost.Lines.Select(l => l.Monthly));
    }

    [Fact]
    public void Evaluate_FixedSizes_RtoIsTheCriticalPathAndRpoTheTiersCarrier()
    {
        var advice = AdvisorInputBuilder.For().Evaluate();

        Assert.Equal(
            [(ApplicationTier.B, 3000d, 88200d), (ApplicationTier.PilotLight, 1320d, 60d), (ApplicationTier.A, 1200d, 60d)],
            advice.Rows.Select(r => (r.Tier, r.Rto.Seconds!.Value, r.Rpo.Seconds!.Value)));
        Assert.All(advice.Rows, r => Assert.Equal(RecoveryModel.Estimated, r.Rto.Source));
        Assert.Contains("restore-db -> wait -> smoke -> dns", advice.Rows.Single(r => r.Tier == ApplicationTier.B).Rto.Detail, StringComparison.Ordinal);
        Assert.Contains("fleet -> wait -> smoke -> dns", advice.Rows.Single(r => r.Tier == ApplicationTier.PilotLight).Rto.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(240, 2880, ApplicationTier.B)] // loose: every tier meets them, B is the cheapest
    [InlineData(30, 2880, ApplicationTier.PilotLight)] // 30 min RTO: B's 50 min is too long
    [InlineData(21, 2880, ApplicationTier.A)] // 21 min: only the warm standby
    [InlineData(240, 60, ApplicationTier.PilotLight)] // 1 h RPO: B's daily copies lose too much
    public void Evaluate_TighterTargets_RecommendTheCheapestTierThatMeetsThem(int rtoMinutes, int rpoMinutes, ApplicationTier expected)
    {
        var advice = AdvisorInputBuilder.For().WithTargets(TimeSpan.FromMinutes(rtoMinutes), TimeSpan.FromMinutes(rpoMinutes)).Evaluate();

        Assert.Equal(expected, advice.Recommendation.Tier);
        Assert.Equal(expected, Assert.Single(advice.Rows, r => r.Recommended).Tier);
        Assert.True(advice.Rows.Single(r => r.Recommended).MeetsTargets);
    }

    [Fact]
    public void Evaluate_ImpossibleTargets_RecommendNoneAndNameTheClosest()
    {
        var advice = AdvisorInputBuilder.For().WithTargets(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)).Evaluate();

        Assert.Null(advice.Recommendation.Tier);
        Assert.Equal(ApplicationTier.A, advice.Recommendation.Closest);
        Assert.StartsWith("none meets the targets", advice.Recommendation.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(advice.Rows, r => r.Recommended || r.MeetsTargets);
    }

    [Fact]
    public void Evaluate_LooseTargets_StricterTableNamesTheTierAndTheMonthlyDelta()
    {
        var advice = AdvisorInputBuilder.For().WithTargets(TimeSpan.FromHours(4), TimeSpan.FromDays(2)).Evaluate();

        Assert.Equal(
        [
            ("RTO halved", 7200d, 172800d, (ApplicationTier?)ApplicationTier.B, (decimal?)71.99m, (decimal?)0m),
            ("RPO halved", 14400d, 86400d, ApplicationTier.PilotLight, 241.19m, 169.20m),
            ("RTO and RPO halved", 7200d, 86400d, ApplicationTier.PilotLight, 241.19m, 169.20m),
            ("RTO 15 minutes", 900d, 172800d, null, null, null),
        ], advice.Stricter.Select(s => (s.Scenario, s.RtoSeconds, s.RpoSeconds, s.Tier, s.Monthly, s.MonthlyDelta)));
        Assert.StartsWith("none meets the targets", advice.Stricter[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DrillMeasured_ReplacesTheEstimateAndSaysWhichDrill()
    {
        var at = new DateTimeOffset(2026, 11, 20, 3, 4, 5, TimeSpan.Zero);
        var advice = AdvisorInputBuilder.For()
            .WithTargets(TimeSpan.FromMinutes(30), TimeSpan.FromDays(2))
            .WithMeasurement(ApplicationTier.B, TimeSpan.FromMinutes(40), null, at.AddDays(-7), "exec-old")
            .WithMeasurement(ApplicationTier.B, TimeSpan.FromMinutes(25), TimeSpan.FromHours(3), at, "exec-new")
            .Evaluate();

        var b = advice.Rows.Single(r => r.Tier == ApplicationTier.B);
        Assert.Equal((1500d, "measured (drill exec-new at 2026-11-20T03:04:05Z)"), (b.Rto.Seconds!.Value, b.Rto.Source));
        Assert.Equal((10800d, "measured (drill exec-new at 2026-11-20T03:04:05Z)"), (b.Rpo.Seconds!.Value, b.Rpo.Source));
        Assert.Equal(RecoveryModel.Estimated, advice.Rows.Single(r => r.Tier == ApplicationTier.A).Rto.Source);
        Assert.Equal(ApplicationTier.B, advice.Recommendation.Tier); // the measured 25 min meets the 30 min the estimate (50) did not
    }

    [Fact]
    public void Evaluate_UnknownInstanceType_IsUnpricedNotZero()
    {
        var advice = AdvisorInputBuilder.For().WithInstanceTypes("x9.huge", "x9.huge").Evaluate();

        var a = advice.Rows.Single(r => r.Tier == ApplicationTier.A);
        Assert.False(a.Cost.Complete);
        var unpriced = Assert.Single(a.Cost.Unpriced);
        Assert.Contains("instance type x9.huge has no entry in DrService:Pricing:InstanceHour", unpriced.Reason, StringComparison.Ordinal);
        Assert.StartsWith("unpriced", unpriced.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(a.Cost.Lines, l => l.Item.Contains("x9.huge", StringComparison.Ordinal));
        Assert.Equal(241.19m, a.Cost.Monthly); // the replica and the volume; the instance is left out, not priced at zero hours
        Assert.True(advice.Rows.Single(r => r.Tier == ApplicationTier.B).Cost.Complete);
    }

    [Fact]
    public void CriticalPath_ParallelBranches_TakesTheLongestChain()
    {
        var shape = new RunbookShape("custom", [
            new("a", "slow", []), new("b", "fast", []), new("c", "fast", ["a", "b"]), new("d", "unknown-action", ["b"]),
        ]);
        var options = new AdvisorOptions
        {
            StepEstimates = new(StringComparer.Ordinal) { ["slow"] = TimeSpan.FromMinutes(30), ["fast"] = TimeSpan.FromMinutes(5) },
            DefaultStepEstimate = TimeSpan.FromMinutes(7),
        };

        var (length, path) = RecoveryModel.CriticalPath(shape, options);

        Assert.Equal(TimeSpan.FromMinutes(35), length);
        Assert.Equal(["a", "c"], path);
    }

    [Theory]
    [InlineData("0 0 * * * ?", 60)]
    [InlineData("0 0/15 * * * ?", 15)]
    [InlineData("0 0 2 * * ?", 1440)]
    public void CopyPeriod_Cron_IsTheTimeBetweenTwoFires(string cron, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), AdvisorInputsLoader.CopyPeriod(cron, "UTC", new DateTimeOffset(2026, 11, 20, 3, 7, 0, TimeSpan.Zero)));

    [Fact]
    public void RetainedCopies_DefaultPolicyHourly_CountsTheKeepForWindowPlusWeeklyAndMonthly() =>
        Assert.Equal(168 + 4 + 6, AdvisorInputsLoader.RetainedCopies(new RetentionOptions(), TimeSpan.FromHours(1)));
}
