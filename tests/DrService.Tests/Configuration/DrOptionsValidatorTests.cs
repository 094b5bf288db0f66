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

    [Theory]
    [InlineData("cn-northwest-1", "us-east-1", "cn-northwest-1", "DrService:Regions:Primary: region us-east-1 is in partition aws, but DrService:Regions:Dr (cn-northwest-1) is in aws-cn")]
    [InlineData("us-west-2", "us-east-1", "us-gov-west-1", "DrService:Aws:StsRegion: region us-gov-west-1 is in partition aws-us-gov, but DrService:Regions:Dr (us-west-2) is in aws")]
    [InlineData("us-west-2", "us-iso-east-1", "us-west-2", "DrService:Regions:Primary: region us-iso-east-1 is in a partition DrService does not support")]
    public void Validate_RegionsInAnotherPartition_RefusedWithKeyPath(string dr, string primary, string sts, string expected)
    {
        // Issue 14, partitions: an account's credentials, ARNs and AssumeRole work within one partition.
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Regions.Dr = dr;
        options.Regions.Primary = primary;
        options.Aws.StsRegion = sts;

        var result = new DrOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures ?? [], f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ApplicationSourceRegionInAnotherPartition_RefusedWithKeyPath()
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Applications["orders"].Backup.SourceRegion = "cn-north-1";

        var result = new DrOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures ?? [], f => f.StartsWith(
            "DrService:Applications:orders:Backup:SourceRegion: region cn-north-1 is in partition aws-cn, but DrService:Regions:Dr", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cn-northwest-1", "cn-north-1")]
    [InlineData("us-gov-west-1", "us-gov-east-1")]
    public void Validate_ChinaOrGovCloudDeployment_Succeeds(string dr, string primary)
    {
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Regions.Dr = dr;
        options.Regions.Primary = primary;
        options.Aws.StsRegion = dr;
        options.Aws.Accounts["estate"] = new() { AccountId = "210987654321", AssumeRoleArn = $"arn:{DrService.Aws.AwsPartition.For(dr).Name}:iam::210987654321:role/drservice-estate" };

        var result = new DrOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, string.Join("\n", result.Failures ?? []));
    }

    [Fact]
    public void Validate_AssumeRoleArnThePolicyRefuses_NamesTheKeyAndThePolicy()
    {
        // Issue 14, item 8: the shipped policy allows sts:AssumeRole on role/drservice-* only; start-up says so (exit 78).
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Aws.Accounts["estate"] = new() { AccountId = "210987654321", AssumeRoleArn = "arn:aws:iam::210987654321:role/drservice" };

        var result = new DrOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures ?? []);
        Assert.StartsWith("DrService:Aws:Accounts:estate:AssumeRoleArn: names a role the task policy does not let DrService assume", failure, StringComparison.Ordinal);
        Assert.Contains("deploy/iam/drservice-task-policy.json", failure, StringComparison.Ordinal);
        Assert.EndsWith("(was 'arn:aws:iam::210987654321:role/drservice')", failure, StringComparison.Ordinal);
    }
}
