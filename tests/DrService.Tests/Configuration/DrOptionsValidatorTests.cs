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
    [InlineData("orders-tde", "orders-tde-west", null)]
    [InlineData("orders-tde", "2-starts-with-a-digit", "DrService:Applications:orders:Backup:OptionGroups:orders-tde: must name an option group of the DR region")]
    [InlineData("orders-tde", "ends-with-", "DrService:Applications:orders:Backup:OptionGroups:orders-tde: must name an option group of the DR region")]
    [InlineData("orders-tde", "two--hyphens", "DrService:Applications:orders:Backup:OptionGroups:orders-tde: must name an option group of the DR region")]
    [InlineData("orders-tde", "", "DrService:Applications:orders:Backup:OptionGroups:orders-tde: must name an option group of the DR region")]
    [InlineData("default:oracle-ee-19", "orders-tde-west", "DrService:Applications:orders:Backup:OptionGroups:default:oracle-ee-19: a default option group needs no mapping")]
    public void Validate_BackupOptionGroups_TargetMustBeAnOptionGroupName(string source, string target, string? error)
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Applications["orders"].Backup.OptionGroups[source] = target;

        var result = new DrOptionsValidator().Validate(null, options);

        if (error is null)
        {
            Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
        }
        else
        {
            Assert.StartsWith(error, Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
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
