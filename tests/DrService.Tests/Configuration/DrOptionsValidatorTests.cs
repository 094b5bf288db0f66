using DrService.Testing;
using DrService.Configuration;

namespace DrService.Tests.Configuration;

public sealed class DrOptionsValidatorTests
{
    [Fact]
    public void Validate_NestedFailures_ReportFullPaths()
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Applications["orders"].Rpo = TimeSpan.Zero;
        options.Applications["orders"].Resources.ReadReplicas[0].Replica = "";

        var result = new DrOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "DrService:Applications:orders:Resources:ReadReplicas:0:Replica: is required (was '')",
                "DrService:Applications:orders:Rpo: must be positive (was 00:00:00)",
            ],
            result.Failures!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_RepositoryOptions_Succeeds()
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;

        Assert.True(new DrOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("ap-southeast-2", true)]
    [InlineData("us-gov-west-1", true)]
    [InlineData("cn-north-1", true)]
    [InlineData("us-east", false)]
    [InlineData("US-EAST-1", false)]
    [InlineData("useast1", false)]
    [InlineData("", false)]
    public void IsRegionName_Samples_MatchAwsNaming(string region, bool expected) =>
        Assert.Equal(expected, DrOptionsValidator.IsRegionName(region));
}
