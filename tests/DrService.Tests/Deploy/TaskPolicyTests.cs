namespace DrService.Tests.Deploy;

/// <summary>
/// deploy/iam/drservice-task-policy.json grants exactly what the code calls: the list is derived from src/ (see
/// <see cref="AwsOperationScanner"/>), so an operation added on any branch fails this test until the policy grants it,
/// and a grant nothing uses fails it too. The message lists what to add and what to remove.
/// </summary>
public sealed class TaskPolicyTests
{
    private static readonly IReadOnlyList<PolicyStatement> Statements = PolicyDocument.Statements(PolicyDocument.Load());

    [Fact]
    public void Scan_SourceCompiles_NoSymbolLeftUnresolvedAndEveryClientMethodMapped()
    {
        var result = AwsOperationScanner.Result;

        Assert.True(result.Unresolved.Count == 0,
            "the source scan could not bind these (a call could hide behind them):\n" + string.Join("\n", result.Unresolved));
        Assert.True(result.Undetermined.Count == 0,
            "client methods whose AWS operation the scan could not find (pass the operation name as a constant to a parameter named 'action' or 'operation'):\n"
            + string.Join("\n", result.Undetermined));
    }

    [Theory]
    [InlineData("ec2:CopySnapshot", "src/DrService/Backups/Drivers/EbsSnapshotDriver.cs")]       // SDK, request object
    [InlineData("ec2:DeregisterImage", "src/DrService/Backups/Drivers/Ec2ImageDriver.Copy.cs")]  // SDK, inside a lambda
    [InlineData("rds:DescribeGlobalClusters", "src/DrService/Replication/")]                      // own Query client, via RdsRequests
    [InlineData("cloudwatch:GetMetricData", "src/DrService/Replication/")]                        // own Query client, via New("...")
    [InlineData("route53:ChangeResourceRecordSets", "src/DrService/Dns/")]                        // own REST-XML client, via _send
    [InlineData("s3:GetBucketReplication", "src/DrService/Replication/")]
    [InlineData("sts:AssumeRole", "src/DrService.Aws/Credentials/")]
    public void Scan_KnownCall_IsFoundWhereItIs(string operation, string where)
    {
        var calls = AwsOperationScanner.Result.Calls.Where(c => $"{c.Service}:{c.Operation}" == operation).ToList();

        Assert.Contains(calls, c => c.Location.StartsWith(where, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("s3:PutBucket")]
    [InlineData("s3:PutBucketReplication")]
    [InlineData("s3:PutObject")]
    [InlineData("ec2:DescribeAvailabilityZones")]
    public void Scan_SandboxOnlyCall_IsNotDerived(string operation)
    {
        // The sandbox seeds a local emulator with fake credentials; its calls never reach real AWS.
        var sandboxSource = Directory.EnumerateFiles(Path.Combine(DrService.Testing.Repository.Root, "src", "DrService", "Sandbox"), "*.cs")
            .Select(File.ReadAllText);
        var sdkMethod = operation.Split(':')[1] + "Async(";
        Assert.Contains(sandboxSource, text => text.Contains(sdkMethod, StringComparison.Ordinal));   // the sandbox does call it

        Assert.DoesNotContain(operation, AwsOperationScanner.Result.Operations);
    }

    [Fact]
    public void Policy_GrantsExactlyTheActionsTheCodeCalls()
    {
        var required = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var call in AwsOperationScanner.Result.Calls)
        {
            foreach (var action in IamActionMap.ActionsFor(call.Service, call.Operation))
            {
                if (!required.TryGetValue(action, out var why))
                {
                    required[action] = why = new SortedSet<string>(StringComparer.Ordinal);
                }
                why.Add($"{call.Service}:{call.Operation} at {call.Location}");
            }
        }
        var granted = Statements.Where(s => s.Effect == "Allow").SelectMany(s => s.Actions).ToHashSet(StringComparer.Ordinal);

        var missing = required.Keys.Where(a => !granted.Contains(a)).ToList();
        var unused = granted.Where(a => !required.ContainsKey(a)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0 && unused.Count == 0,
            $"deploy/iam/drservice-task-policy.json does not match the code.\n"
            + $"Missing ({missing.Count}): [{string.Join(", ", missing.Select(a => $"\"{a}\""))}]\n"
            + string.Join("\n", missing.Select(a => $"  {a} <- {string.Join("; ", required[a].Take(3))}")) + "\n"
            + $"Granted but nothing calls ({unused.Count}): [{string.Join(", ", unused.Select(a => $"\"{a}\""))}]\n"
            + "Deletes (Delete*, Deregister*, Terminate*) go to a statement conditioned on aws:ResourceTag/dr:managed-by; "
            + "see docs/deployment.md for where each kind of action belongs.");
    }

    [Fact]
    public void Policy_DestructiveActions_OnlyOnResourcesTaggedAsOwned()
    {
        // Every delete, deregister or terminate the policy allows needs the resource to carry dr:managed-by=drservice.
        // Route 53 cannot condition on tags: its deletes are listed here by name with the reason in docs/deployment.md.
        string[] notTagScopable = ["route53:DeleteHealthCheck"];
        var unscoped = Statements
            .Where(s => s.Effect == "Allow")
            .SelectMany(s => s.Actions.Where(IsDestructive).Select(a => (Statement: s, Action: a)))
            .Where(x => !notTagScopable.Contains(x.Action)
                        && !x.Statement.ConditionValues("StringEquals", "aws:ResourceTag/dr:managed-by").SequenceEqual(["drservice"]))
            .Select(x => $"{x.Statement.Sid}: {x.Action}")
            .ToList();

        Assert.True(unscoped.Count == 0, "destructive actions allowed without the ownership tag condition:\n" + string.Join("\n", unscoped));
        Assert.Contains(Statements, s => s.Actions.Any(IsDestructive));   // the check above checked something
    }

    [Fact]
    public void Policy_CreateTags_OnlyOnCreate()
    {
        // Tagging an existing resource could stamp dr:managed-by on it and make it deletable (issue 14, item 14).
        var createTags = Statements.Where(s => s.Effect == "Allow" && s.Actions.Contains("ec2:CreateTags")).ToList();

        Assert.NotEmpty(createTags);
        Assert.All(createTags, s => Assert.True(
            s.ConditionValues("StringEquals", "ec2:CreateAction").Count > 0,
            $"{s.Sid} allows ec2:CreateTags without ec2:CreateAction, i.e. on existing resources"));
    }

    [Fact]
    public void Policy_TagOnCreate_ListsExactlyTheEc2CreateOperationsCalled()
    {
        var creates = AwsOperationScanner.Result.Calls
            .Where(c => c.Service == "ec2" && IamActionMap.ActionsFor(c.Service, c.Operation).Contains("ec2:CreateTags") && c.Operation != "CreateTags")
            .Select(c => c.Operation).ToHashSet(StringComparer.Ordinal);
        var allowed = Statements.SelectMany(s => s.ConditionValues("StringEquals", "ec2:CreateAction")).ToHashSet(StringComparer.Ordinal);

        Assert.True(creates.SetEquals(allowed),
            $"ec2:CreateAction should list [{string.Join(", ", creates.Order(StringComparer.Ordinal).Select(c => $"\"{c}\""))}], "
            + $"lists [{string.Join(", ", allowed.Order(StringComparer.Ordinal))}]");
    }

    [Fact]
    public void Policy_KmsAndRoles_Constrained()
    {
        var grant = Assert.Single(Statements, s => s.Actions.Contains("kms:CreateGrant"));
        Assert.Equal(["true"], grant.ConditionValues("Bool", "kms:GrantIsForAWSResource"));
        Assert.All(Statements.Where(s => s.Actions.Any(a => a.StartsWith("kms:", StringComparison.Ordinal) && a != "kms:CreateGrant")),
            s => Assert.NotEmpty(s.ConditionValues("StringLike", "kms:ViaService")));
        Assert.DoesNotContain(Statements, s => s.Actions.Any(a => a.StartsWith("iam:", StringComparison.Ordinal)));
        Assert.DoesNotContain(Statements, s => s.Actions.Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)));
        Assert.All(Statements, s => Assert.Equal("Allow", s.Effect));
        Assert.Equal(Statements.Count, Statements.Select(s => s.Sid).Distinct(StringComparer.Ordinal).Count());
    }

    private static bool IsDestructive(string action)
    {
        var name = action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Deregister", StringComparison.Ordinal)
            || name.StartsWith("Terminate", StringComparison.Ordinal);
    }
}
