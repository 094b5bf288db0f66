using DrService.Configuration;
using DrService.Testing;
using DrService.Tests.Configuration;

namespace DrService.Tests.Deploy;

/// <summary>
/// deploy/iam/drservice-task-policy.json checked on resources and conditions, not only actions: every call the code
/// makes (as <see cref="AwsOperationScanner"/> derives them, mapped by <see cref="IamActionMap"/>) is evaluated with
/// representative resources and tags (<see cref="TaskPolicyScenarios"/>) by <see cref="IamPolicyEvaluator"/>, in each
/// partition; a deny where DrService needs access fails, and so does an allow of a tag-guard bypass or a delete of a
/// resource that is not ours. Issue 14, items 7, 8 and 14.
/// </summary>
public sealed class TaskPolicyResourceTests
{
    private static readonly IReadOnlyList<PolicyStatement> Statements = PolicyDocument.Statements(PolicyDocument.Load());

    [Fact]
    public void Scenarios_CoverEveryActionTheCodeNeeds()
    {
        var needed = new TaskPolicyScenarios("us-west-2", "us-east-1").Needed();
        var required = AwsOperationScanner.Result.Calls
            .SelectMany(c => IamActionMap.ActionsFor(c.Service, c.Operation))
            .ToHashSet(StringComparer.Ordinal);
        var conditioned = Statements.Where(s => s.Condition is not null || s.Resources.Any(r => r != "*")).SelectMany(s => s.Actions).ToHashSet(StringComparer.Ordinal);

        // Every action the policy grants only on some resources or under conditions needs a representative request.
        var missing = required.Where(a => conditioned.Contains(a) && !needed.ContainsKey(a)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "add representative requests to TaskPolicyScenarios.Needed for: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(TaskPolicyScenarios.Partitions), MemberType = typeof(TaskPolicyScenarios))]
    public void Policy_EveryCallTheCodeMakes_IsAllowedOnItsResources(string dr, string primary)
    {
        var scenarios = new TaskPolicyScenarios(dr, primary);
        var needed = scenarios.Needed();
        var requests = new List<PolicyScenario>(needed.Values.SelectMany(v => v));
        // Actions granted on every resource without conditions (reads, Route 53, S3 reads): one generic request each.
        foreach (var action in AwsOperationScanner.Result.Calls.SelectMany(c => IamActionMap.ActionsFor(c.Service, c.Operation)).Distinct(StringComparer.Ordinal))
        {
            if (!needed.ContainsKey(action))
            {
                var service = action[..action.IndexOf(':', StringComparison.Ordinal)];
                requests.Add(new("called by the code", new(action, [new(scenarios.Partition.Arn(service, dr, TaskPolicyScenarios.Account, "resource/any"))])));
            }
        }

        var denied = requests.Select(s => (Scenario: s, Decision: IamPolicyEvaluator.Evaluate(Statements, s.Request)))
            .Where(x => !x.Decision.Allowed)
            .Select(x => $"{x.Scenario}\n    -> {x.Decision}")
            .ToList();

        Assert.True(denied.Count == 0, $"the task policy denies what DrService needs in {scenarios.Partition.Name}:\n" + string.Join("\n", denied));
        Assert.True(requests.Count > 50);   // the check above evaluated something
    }

    [Theory]
    [MemberData(nameof(TaskPolicyScenarios.Partitions), MemberType = typeof(TaskPolicyScenarios))]
    public void Policy_TagGuardBypassesAndForeignDeletes_AreDenied(string dr, string primary)
    {
        var scenarios = new TaskPolicyScenarios(dr, primary);

        var allowed = scenarios.MustDeny()
            .Select(s => (Scenario: s, Decision: IamPolicyEvaluator.Evaluate(Statements, s.Request)))
            .Where(x => x.Decision.Allowed)
            .Select(x => $"{x.Scenario}\n    -> {x.Decision}")
            .ToList();

        Assert.True(allowed.Count == 0, "the task policy allows what it must refuse:\n" + string.Join("\n", allowed));
    }

    [Theory]
    [MemberData(nameof(TaskPolicyScenarios.Partitions), MemberType = typeof(TaskPolicyScenarios))]
    public void Policy_DetachVolume_NeedsOnlyTheVolumeToBeOurs(string dr, string primary)
    {
        // Issue 14, item 7: IAM applies a statement's resource-tag condition to every resource the statement's
        // Resource matches, so a condition on "*" also asked the instance to be ours.
        var p = new TaskPolicyScenarios(dr, primary).Partition;
        var ours = new Dictionary<string, string> { ["dr:managed-by"] = "drservice" };
        var volume = new IamResource(p.Arn("ec2", dr, TaskPolicyScenarios.Account, "volume/vol-ours"), ours);
        var appInstance = new IamResource(p.Arn("ec2", dr, TaskPolicyScenarios.Account, "instance/i-app"), new Dictionary<string, string> { ["team"] = "payments" });

        Assert.True(IamPolicyEvaluator.Evaluate(Statements, new("ec2:DetachVolume", [volume, appInstance])).Allowed);
        Assert.False(IamPolicyEvaluator.Evaluate(Statements, new("ec2:DetachVolume", [volume with { Tags = null }, appInstance])).Allowed);
    }

    [Theory]
    [InlineData("us-west-2", "arn:aws:iam::210987654321:role/drservice-prod")]
    [InlineData("us-west-2", "arn:aws:iam::210987654321:role/drservice")]
    [InlineData("us-west-2", "arn:aws:iam::210987654321:role/ops/drservice-prod")]
    [InlineData("us-west-2", "arn:aws:iam::210987654321:role/admin")]
    [InlineData("us-west-2", "arn:aws-cn:iam::210987654321:role/drservice-prod")]
    [InlineData("cn-northwest-1", "arn:aws-cn:iam::210987654321:role/drservice-prod")]
    [InlineData("cn-northwest-1", "arn:aws:iam::210987654321:role/drservice-prod")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::210987654321:role/drservice-prod")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::210987654321:role/Drservice-prod")]
    public void AssumeRoleArn_ConfigurationAcceptsExactlyWhatThePolicyAllows(string dr, string roleArn)
    {
        // Issue 14, item 8: configuration accepted any role ARN while the policy allowed role/drservice-* in the aws
        // partition only; a role the policy refuses must be refused at start-up, and one it allows must start.
        var options = ConfigurationFileBuilder.Validate(Repository.AppSettings).Options;
        options.Regions.Dr = dr;
        options.Regions.Primary = dr.Replace("west", "east", StringComparison.Ordinal).Replace("northwest", "north", StringComparison.Ordinal);
        options.Aws.StsRegion = dr;
        options.Aws.Accounts["estate"] = new() { AccountId = "210987654321", AssumeRoleArn = roleArn };
        var policyAllows = IamPolicyEvaluator.Evaluate(Statements, new("sts:AssumeRole", [new(roleArn)])).Allowed
                           && roleArn.Split(':')[1] == DrService.Aws.AwsPartition.For(dr).Name;   // no AssumeRole across partitions

        var result = new DrOptionsValidator().Validate(null, options);

        var failures = (result.Failures ?? []).Where(f => f.StartsWith("DrService:Aws:Accounts:estate:AssumeRoleArn: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(policyAllows, failures.Count == 0);
        Assert.True(result.Failures is null || result.Failures.All(f => f.StartsWith("DrService:Aws:Accounts:estate:AssumeRoleArn: ", StringComparison.Ordinal)),
            "other failures: " + string.Join("\n", result.Failures ?? []));
    }

    [Fact]
    public void AssumeRole_PolicyResourceIsTheOneTheValidatorEnforces()
    {
        var assume = Assert.Single(Statements, s => s.Actions.Contains("sts:AssumeRole"));

        Assert.Equal([$"arn:*:iam::*:{DrOptionsValidator.AssumableRolePrefix}*"], assume.Resources);
    }
}
