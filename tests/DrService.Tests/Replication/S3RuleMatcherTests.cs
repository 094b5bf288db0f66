using Amazon.S3;
using Amazon.S3.Model;
using DrService.Replication;

namespace DrService.Tests.Replication;

/// <summary>Which replication rule covers a configured prefix (pure: moto answers every rule with an empty filter prefix).</summary>
public sealed class S3RuleMatcherTests
{
    private const string Destination = "arn:aws:s3:::orders-dr";

    private static ReplicationRule Rule(string id, ReplicationRuleFilter? filter, bool enabled = true, string destination = Destination) => new()
    {
        Id = id,
        Status = enabled ? ReplicationRuleStatus.Enabled : ReplicationRuleStatus.Disabled,
        Priority = 1,
        Filter = filter,
        Destination = new ReplicationDestination { BucketArn = destination },
    };

    private static ReplicationConfiguration Config(params ReplicationRule[] rules) => new() { Role = "arn:aws:iam::1:role/r", Rules = [.. rules] };

    [Theory]
    [InlineData("", "", "RuleCovers")]
    [InlineData("", "data/", "RuleCovers")]
    [InlineData("data/", "data/2025/", "RuleCovers")]
    [InlineData("data/", "data/", "RuleCovers")]
    [InlineData("data/", "", "PrefixNotCovered")]
    [InlineData("logs/", "data/", "PrefixNotCovered")]
    [InlineData("data/2025/", "data/", "PrefixNotCovered")]
    public void Match_FilterPrefixAndConfiguredPrefix_CoversWhenTheRulePrefixStartsIt(string rulePrefix, string prefix, string reason)
    {
        var match = S3RuleMatcher.Match(Config(Rule("r1", new ReplicationRuleFilter { Prefix = rulePrefix })), Destination, prefix);

        Assert.Equal(reason, match.Reason);
        Assert.Equal(reason == "RuleCovers", match.Covers);
    }

    [Fact]
    public void Match_OnlyATagFilteredRule_DoesNotCoverThePrefix()
    {
        var tagged = Rule("tagged", new ReplicationRuleFilter { And = new ReplicationRuleAndOperator { Prefix = "", Tags = [new Tag { Key = "dr", Value = "yes" }] } });

        Assert.Equal("PrefixNotCovered", S3RuleMatcher.Match(Config(tagged), Destination, "").Reason);
    }

    [Fact]
    public void Match_CoveringRuleDisabled_RuleDisabled()
    {
        Assert.Equal("RuleDisabled", S3RuleMatcher.Match(Config(Rule("off", new ReplicationRuleFilter { Prefix = "" }, enabled: false)), Destination, "x/").Reason);
    }

    [Fact]
    public void Match_RuleToAnotherBucketAndNone_NoRuleForDestinationAndNoReplicationRules()
    {
        Assert.Equal("NoRuleForDestination", S3RuleMatcher.Match(Config(Rule("other", new ReplicationRuleFilter { Prefix = "" }, destination: "arn:aws:s3:::other")), Destination, "").Reason);
        Assert.Equal("NoReplicationRules", S3RuleMatcher.Match(null, Destination, "").Reason);
    }

    [Fact]
    public void Match_DisabledAndEnabledCoveringRules_PicksTheEnabledOneWithRtc()
    {
        var enabled = Rule("on", new ReplicationRuleFilter { Prefix = "data/" });
        enabled.Destination.ReplicationTime = new ReplicationTime { Status = ReplicationTimeStatus.Enabled, Time = new ReplicationTimeValue { Minutes = 15 } };

        var match = S3RuleMatcher.Match(Config(Rule("off", new ReplicationRuleFilter { Prefix = "" }, enabled: false), enabled), Destination, "data/x");

        Assert.Equal("on", match.Rule?.Id);
        Assert.True(match.HasReplicationTimeControl);
    }
}
