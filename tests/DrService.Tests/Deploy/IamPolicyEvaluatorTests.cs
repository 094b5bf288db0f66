using System.Text.Json.Nodes;

namespace DrService.Tests.Deploy;

/// <summary>The evaluator itself, on small policies whose answers the IAM User Guide states.</summary>
public sealed class IamPolicyEvaluatorTests
{
    private static readonly Dictionary<string, string> Ours = new() { ["dr:managed-by"] = "drservice" };

    private static JsonNode Policy(params string[] statements) =>
        JsonNode.Parse($$"""{ "Version": "2012-10-17", "Statement": [ {{string.Join(",", statements)}} ] }""")!;

    private static bool Allowed(JsonNode policy, IamRequest request) => IamPolicyEvaluator.Evaluate(policy, request).Allowed;

    [Theory]
    [InlineData("ec2:DeleteSnapshot", "ec2:DeleteSnapshot", true)]
    [InlineData("ec2:Delete*", "ec2:DeleteSnapshot", true)]
    [InlineData("EC2:deletesnapshot", "ec2:DeleteSnapshot", true)]   // actions are case-insensitive
    [InlineData("ec2:Describe*", "ec2:DeleteSnapshot", false)]
    [InlineData("ec2:DeleteSnapsho?", "ec2:DeleteSnapshot", true)]
    public void Evaluate_ActionPatterns_MatchLikeIam(string pattern, string action, bool expected)
    {
        var policy = Policy($$"""{ "Sid": "A", "Effect": "Allow", "Action": "{{pattern}}", "Resource": "*" }""");

        Assert.Equal(expected, Allowed(policy, new(action, [new("*")])));
    }

    [Theory]
    [InlineData("arn:aws:ec2:*::image/*", "arn:aws:ec2:us-west-2::image/ami-1", true)]
    [InlineData("arn:aws:ec2:*::image/*", "arn:aws-cn:ec2:cn-north-1::image/ami-1", false)]
    [InlineData("arn:*:ec2:*::image/*", "arn:aws-cn:ec2:cn-north-1::image/ami-1", true)]
    [InlineData("arn:aws:iam::*:role/drservice-*", "arn:aws:iam::123456789012:role/drservice-prod", true)]
    [InlineData("arn:aws:iam::*:role/drservice-*", "arn:aws:iam::123456789012:role/ops/drservice-prod", false)]
    [InlineData("arn:aws:iam::*:role/drservice-*", "arn:aws:iam::123456789012:role/drservice", false)]
    [InlineData("arn:aws:iam::*:role/drservice-*", "arn:aws:iam::123456789012:role/DrService-prod", false)]   // ARNs are case-sensitive
    [InlineData("arn:aws:rds:us-?est-2:*:db:*", "arn:aws:rds:us-west-2:1:db:x", true)]
    [InlineData("arn:aws:rds:us*2:*:db:*", "arn:aws:rds:us-west-2:1:db:x", true)]
    [InlineData("arn:aws:rds:u*t-2:*:db:*", "arn:aws:rds:us:x:t-2:1:db:x", false)]   // a mid-segment * does not cross a colon
    public void ArnMatches_Wildcards_StayWithinSegments(string pattern, string arn, bool expected) =>
        Assert.Equal(expected, IamPolicyEvaluator.ArnMatches(pattern, arn));

    [Fact]
    public void Evaluate_ExplicitDeny_WinsOverAllow()
    {
        var policy = Policy(
            """{ "Sid": "A", "Effect": "Allow", "Action": "rds:AddTagsToResource", "Resource": "*" }""",
            """{ "Sid": "D", "Effect": "Deny", "Action": "rds:*", "Resource": "*", "Condition": { "ForAnyValue:StringLike": { "aws:TagKeys": "dr:*" } } }""");

        Assert.False(Allowed(policy, new("rds:AddTagsToResource", [new("arn:aws:rds:us-west-2:1:db:x")], Ours)));
        Assert.True(Allowed(policy, new("rds:AddTagsToResource", [new("arn:aws:rds:us-west-2:1:db:x")], new Dictionary<string, string> { ["team"] = "a" })));
    }

    [Fact]
    public void Evaluate_NoMatchingStatement_ImplicitDeny()
    {
        var policy = Policy("""{ "Sid": "A", "Effect": "Allow", "Action": "ec2:DescribeImages", "Resource": "*" }""");

        var decision = IamPolicyEvaluator.Evaluate(policy, new("ec2:DeleteSnapshot", [new("arn:aws:ec2:us-west-2::snapshot/snap-1")]));

        Assert.False(decision.Allowed);
        Assert.Contains("no statement allows it", decision.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ResourceTagCondition_AppliesToEveryResourceTheStatementMatches()
    {
        // The IAM semantics behind issue 14, item 7: one statement on "*" with a resource-tag condition must hold for
        // the volume AND the instance of a DetachVolume.
        var policy = Policy("""{ "Sid": "A", "Effect": "Allow", "Action": "ec2:DetachVolume", "Resource": "*", "Condition": { "StringEquals": { "aws:ResourceTag/dr:managed-by": "drservice" } } }""");
        var volume = new IamResource("arn:aws:ec2:us-west-2:1:volume/vol-1", Ours);

        Assert.True(Allowed(policy, new("ec2:DetachVolume", [volume, new("arn:aws:ec2:us-west-2:1:instance/i-1", Ours)])));
        Assert.False(Allowed(policy, new("ec2:DetachVolume", [volume, new("arn:aws:ec2:us-west-2:1:instance/i-1")])));
    }

    [Fact]
    public void Evaluate_SeveralKeysAndOperators_AllMustHold()
    {
        var policy = Policy("""{ "Sid": "A", "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": { "StringEquals": { "ec2:CreateAction": ["CopyImage", "CopySnapshot"], "aws:RequestTag/dr:managed-by": "drservice" }, "Null": { "aws:ResourceTag/dr:managed-by": "true" } } }""");
        var snapshot = new IamResource("arn:aws:ec2:us-west-2::snapshot/snap-1");

        Assert.True(Allowed(policy, new("ec2:CreateTags", [snapshot], Ours, new Dictionary<string, string> { ["ec2:CreateAction"] = "CopySnapshot" })));
        Assert.False(Allowed(policy, new("ec2:CreateTags", [snapshot], Ours, new Dictionary<string, string> { ["ec2:CreateAction"] = "CreateVolume" })));
        Assert.False(Allowed(policy, new("ec2:CreateTags", [snapshot], Ours)));   // key absent: StringEquals fails
        Assert.False(Allowed(policy, new("ec2:CreateTags", [snapshot with { Tags = Ours }], Ours, new Dictionary<string, string> { ["ec2:CreateAction"] = "CopySnapshot" })));
    }

    [Theory]
    // ForAllValues: every request value matches; true when the key is absent.
    [InlineData("ForAllValues:StringNotEquals", new[] { "dr:managed-by" }, new[] { "dr:step", "team" }, true)]
    [InlineData("ForAllValues:StringNotEquals", new[] { "dr:managed-by" }, new[] { "dr:step", "dr:managed-by" }, false)]
    [InlineData("ForAllValues:StringNotEquals", new[] { "dr:managed-by" }, null, true)]
    [InlineData("ForAllValues:StringEquals", new[] { "a", "b" }, new[] { "a" }, true)]
    [InlineData("ForAllValues:StringEquals", new[] { "a", "b" }, new[] { "a", "c" }, false)]
    // ForAnyValue: at least one request value matches; false when the key is absent.
    [InlineData("ForAnyValue:StringLike", new[] { "dr:*" }, new[] { "team", "dr:step" }, true)]
    [InlineData("ForAnyValue:StringLike", new[] { "dr:*" }, new[] { "team" }, false)]
    [InlineData("ForAnyValue:StringLike", new[] { "dr:*" }, null, false)]
    public void Holds_SetOperators_OnMultiValuedKeys(string op, string[] expected, string[]? actual, bool holds) =>
        Assert.Equal(holds, IamPolicyEvaluator.Holds(op, "aws:TagKeys", expected, actual));

    [Theory]
    [InlineData("StringEquals", "a", null, false)]
    [InlineData("StringNotEquals", "a", null, true)]          // negated operators hold on a missing key
    [InlineData("StringNotEquals", "a", "a", false)]
    [InlineData("StringLike", "ec2.*.amazonaws.com", "ec2.us-west-2.amazonaws.com", true)]
    [InlineData("StringLike", "ec2.*.amazonaws.com", "ec2.cn-north-1.amazonaws.com.cn", false)]
    [InlineData("StringEqualsIfExists", "a", null, true)]
    [InlineData("Bool", "true", "True", true)]
    [InlineData("Bool", "true", "false", false)]
    [InlineData("Null", "true", null, true)]
    [InlineData("Null", "true", "x", false)]
    [InlineData("Null", "false", "x", true)]
    [InlineData("ArnLike", "arn:aws:iam::*:role/drservice-*", "arn:aws:iam::1:role/drservice-a", true)]
    public void Holds_SingleValuedOperators_FollowTheUserGuide(string op, string expected, string? actual, bool holds) =>
        Assert.Equal(holds, IamPolicyEvaluator.Holds(op, "k", [expected], actual is null ? null : [actual]));

    [Fact]
    public void Evaluate_UnsupportedElements_FailLoudly()
    {
        var notAction = Policy("""{ "Sid": "A", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }""");
        var unknownOperator = Policy("""{ "Sid": "B", "Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": { "DateGreaterThan": { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } }""");

        Assert.Throws<NotSupportedException>(() => IamPolicyEvaluator.Evaluate(notAction, new("ec2:DescribeImages", [new("*")])));
        Assert.Throws<NotSupportedException>(() => IamPolicyEvaluator.Evaluate(unknownOperator, new("ec2:DescribeImages", [new("*")])));
    }
}
