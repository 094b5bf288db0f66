using DrService.Configuration;

namespace DrService.Tests.Configuration;

public sealed class DidYouMeanTests
{
    [Theory]
    [InlineData("Rpoo", "Rpo")]
    [InlineData("rpo", "Rpo")]
    [InlineData("Retnetion", "Retention")]
    [InlineData("DbInstance", "DbInstances")]
    [InlineData("Colour", null)]
    public void Suggest_Typo_ReturnsNearestKnownKey(string key, string? expected) =>
        Assert.Equal(expected, DidYouMean.Suggest(key, ["Rpo", "Rto", "Retention", "DbInstances", "DbClusters", "Tier"]));

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("RPO", "RTO", 1)]
    [InlineData("abc", "", 3)]
    public void Distance_Pairs_IsLevenshtein(string a, string b, int expected) =>
        Assert.Equal(expected, DidYouMean.Distance(a, b));
}
