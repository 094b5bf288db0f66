using DrService.Testing;
using DrService.Tests.Configuration;

namespace DrService.Tests.Advisor;

/// <summary>The Pricing and Advisor sections through the real loader: a mistake names its key path and refuses to start.</summary>
public sealed class PricingOptionsValidationTests
{
    [Fact]
    public void Validate_RepositoryFile_HasThePriceTableDefaults()
    {
        using var folder = new TempFolder();
        var result = ConfigurationFileBuilder.FromRepository().Validate(folder);

        ConfigurationAssert.IsValid(result);
        Assert.Equal(0.0104m, result.Options.Pricing.InstanceHour["t3.micro"]);
        Assert.Equal(TimeSpan.FromMinutes(10), result.Options.Advisor.StepEstimates["rds.promote-replica"]);
    }

    [Theory]
    [InlineData("DrService:Pricing:EbsSnapshotGbMonth", "-0.01", "must not be negative (was -0.01)")]
    [InlineData("DrService:Pricing:CrossRegionTransferGb", "-1", "must not be negative (was -1)")]
    [InlineData("DrService:Pricing:InstanceHour:m7g.large", "-0.5", "must not be negative (was -0.5)")]
    [InlineData("DrService:Pricing:DbInstanceHour:db.t3.micro", "-0.018", "must not be negative (was -0.018)")]
    [InlineData("DrService:Pricing:SnapshotDailyChangeRate", "1.5", "must be between 0 and 1")]
    [InlineData("DrService:Pricing:HoursPerMonth", "0", "must be between 1 and 744")]
    [InlineData("DrService:Advisor:StepEstimates:rds.promote-replica", "\"-00:05:00\"", "must not be negative")]
    [InlineData("DrService:Advisor:SizeCacheFor", "\"2.00:00:00\"", "must be between 00:00:00 and 1.00:00:00")]
    public void Validate_BadValue_ReportsTheKeyPath(string path, string json, string reason)
    {
        using var folder = new TempFolder();
        var result = ConfigurationFileBuilder.FromRepository().With(path, json).Validate(folder);

        ConfigurationAssert.HasError(result, path, reason);
    }

    [Fact]
    public void Validate_UnknownPricingKey_IsRefusedWithASuggestion()
    {
        using var folder = new TempFolder();
        var result = ConfigurationFileBuilder.FromRepository().With("DrService:Pricing:EbsSnapshotGbMonh", "0.05").Validate(folder);

        ConfigurationAssert.HasError(result, "DrService:Pricing:EbsSnapshotGbMonh", "did you mean 'EbsSnapshotGbMonth'");
    }

    [Fact]
    public void Validate_ConfiguredInstancePrice_AddsToTheDefaults()
    {
        using var folder = new TempFolder();
        var result = ConfigurationFileBuilder.FromRepository().With("DrService:Pricing:InstanceHour:m7g.large", "0.0816").Validate(folder);

        ConfigurationAssert.IsValid(result);
        Assert.Equal(0.0816m, result.Options.Pricing.InstanceHour["m7g.large"]);
        Assert.Equal(0.0104m, result.Options.Pricing.InstanceHour["t3.micro"]);
    }
}
