using DrService.Dns;

namespace DrService.Tests.Dns;

/// <summary>Route 53's "more than 18 % of checkers" rule (AWS docs), which a majority rule gets wrong between 18 % and 50 %.</summary>
public sealed class Route53HealthTests
{
    [Theory]
    [InlineData(2, 8, false, true)]      // 25 %: healthy for Route 53, unhealthy for a majority rule
    [InlineData(3, 8, false, true)]
    [InlineData(2, 11, false, true)]     // 18.2 %
    [InlineData(1, 8, false, false)]     // 12.5 %
    [InlineData(9, 50, false, false)]    // exactly 18 %: unhealthy
    [InlineData(0, 8, false, false)]
    [InlineData(2, 8, true, false)]      // inverted
    [InlineData(1, 8, true, true)]
    public void FromObservations_SharesAroundEighteenPercent_FollowsRoute53(int healthy, int observed, bool inverted, bool expected) =>
        Assert.Equal(expected, Route53Health.FromObservations(healthy, observed, inverted));

    [Fact]
    public void FromObservations_NoObservation_Unknown() => Assert.Null(Route53Health.FromObservations(0, 0, inverted: false));
}
