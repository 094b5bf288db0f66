using DrService.Aws;

namespace DrService.Tests.Deploy;

/// <summary>A request the policy is evaluated on, and why it must be allowed (or refused).</summary>
public sealed record PolicyScenario(string Why, IamRequest Request)
{
    public override string ToString() => $"{Why}: {Request}";
}

/// <summary>
/// Representative IAM requests for the calls the service makes (the end-to-end tests make them against moto, which does
/// not evaluate IAM), built for one partition: <see cref="Needed"/> lists, per IAM action, the requests DrService must be
/// allowed (its own resources tagged <c>dr:managed-by=drservice</c>, copy targets being created, the applications'
/// sources, foreign instances a volume of ours is attached to); <see cref="MustDeny"/> lists what the policy must refuse
/// (the ownership tag stamped on an existing resource, deletes of resources not tagged ours, roles outside
/// <c>drservice-*</c>). Account 123456789012 runs DrService; 210987654321 is another account of the estate.
/// </summary>
public sealed class TaskPolicyScenarios(string dr, string primary)
{
    public const string Account = "123456789012";

    private static readonly Dictionary<string, string> Ours = new() { ["dr:managed-by"] = "drservice", ["dr:application"] = "orders" };
    private static readonly Dictionary<string, string> Foreign = new() { ["team"] = "payments" };
    private static readonly Dictionary<string, string> OtherOwner = new() { ["dr:managed-by"] = "someone-else" };

    /// <summary>The runbook tags of a promoted replica or a detached cluster: no ownership tag (production's database now).</summary>
    private static readonly Dictionary<string, string> RunbookOutcome = new()
    {
        ["dr:application"] = "orders", ["dr:execution-id"] = "exec-1", ["dr:runbook"] = "failover", ["dr:step"] = "promote", ["dr:recovery-point"] = "2026-12-04T11:20:37Z",
    };

    /// <summary>The three partitions, with a DR and a primary region each.</summary>
    public static readonly TheoryData<string, string> Partitions = new()
    {
        { "us-west-2", "us-east-1" },
        { "cn-northwest-1", "cn-north-1" },
        { "us-gov-west-1", "us-gov-east-1" },
    };

    public AwsPartition Partition { get; } = AwsPartition.For(dr);

    private string Ec2(string region, string resource, bool withAccount = true) => Partition.Arn("ec2", region, withAccount ? Account : "", resource);

    private string Rds(string region, string resource) => Partition.Arn("rds", region, Account, resource);

    private static IamResource R(string arn, IReadOnlyDictionary<string, string>? tags = null) => new(arn, tags);

    private static Dictionary<string, string> Ctx(string key, string value) => new() { [key] = value };

    /// <summary>The requests DrService must be allowed, by IAM action.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PolicyScenario>> Needed()
    {
        var needed = new Dictionary<string, List<PolicyScenario>>(StringComparer.Ordinal);
        void Add(string why, IamRequest request)
        {
            if (!needed.TryGetValue(request.Action, out var list))
            {
                needed[request.Action] = list = [];
            }
            list.Add(new PolicyScenario(why, request));
        }

        // EC2 creates: the sources are the applications' (foreign tags), the new resources carry the ownership tags
        // through TagSpecifications (authorized as ec2:CreateTags with ec2:CreateAction).
        Add("source snapshot of an application volume", new("ec2:CreateSnapshot", [R(Ec2(primary, "volume/vol-app"), Foreign), R(Ec2(primary, "snapshot/*", false))]));
        Add("cross-region snapshot copy", new("ec2:CopySnapshot", [R(Ec2(primary, "snapshot/snap-app", false), Foreign), R(Ec2(dr, "snapshot/*", false))]));
        Add("source AMI of an application instance", new("ec2:CreateImage", [R(Ec2(primary, "instance/i-app"), Foreign), R(Ec2(primary, "image/*", false))]));
        Add("cross-region AMI copy", new("ec2:CopyImage", [R(Ec2(primary, "image/ami-app", false), Foreign), R(Ec2(dr, "image/*", false))]));
        Add("volume restored from a copy", new("ec2:CreateVolume", [R(Ec2(dr, "volume/*")), R(Ec2(dr, "snapshot/snap-copy", false), Ours)]));
        Add("instance launched from an AMI copy", new("ec2:RunInstances", [R(Ec2(dr, "instance/*")), R(Ec2(dr, "image/ami-copy", false), Ours), R(Ec2(dr, "subnet/subnet-1")), R(Ec2(dr, "security-group/sg-1")), R(Ec2(dr, "network-interface/*")), R(Ec2(dr, "volume/*"))]));
        foreach (var (create, type, region) in new[]
                 {
                     ("CreateSnapshot", "snapshot", primary), ("CopySnapshot", "snapshot", dr), ("CreateImage", "image", primary),
                     ("CopyImage", "image", dr), ("CreateVolume", "volume", dr), ("RunInstances", "instance", dr),
                 })
        {
            var arn = type is "snapshot" or "image" ? Ec2(region, $"{type}/new", false) : Ec2(region, $"{type}/new");
            Add($"ownership tags on create ({create})", new("ec2:CreateTags", [R(arn)], Ours, Ctx("ec2:CreateAction", create)));
        }

        // EC2 recovery fleet and its undo: a volume of ours attached to (and detached from) an instance that may be
        // production's (issue 14, item 7: the instance's tags must not matter).
        Add("attach a restored volume to an application instance", new("ec2:AttachVolume", [R(Ec2(dr, "volume/vol-ours"), Ours), R(Ec2(dr, "instance/i-app"), Foreign)]));
        Add("detach our volume from an application instance", new("ec2:DetachVolume", [R(Ec2(dr, "volume/vol-ours"), Ours), R(Ec2(dr, "instance/i-app"), Foreign)]));
        Add("detach our volume from an untagged instance", new("ec2:DetachVolume", [R(Ec2(dr, "volume/vol-ours"), Ours), R(Ec2(dr, "instance/i-untagged"))]));
        Add("detach our volume from our instance", new("ec2:DetachVolume", [R(Ec2(dr, "volume/vol-ours"), Ours), R(Ec2(dr, "instance/i-ours"), Ours)]));
        Add("retention deletes our snapshot copy", new("ec2:DeleteSnapshot", [R(Ec2(dr, "snapshot/snap-copy", false), Ours)]));
        Add("retention deregisters our AMI copy", new("ec2:DeregisterImage", [R(Ec2(dr, "image/ami-copy", false), Ours)]));
        Add("drill clean-up deletes our volume", new("ec2:DeleteVolume", [R(Ec2(dr, "volume/vol-ours"), Ours)]));
        Add("drill clean-up terminates our instance", new("ec2:TerminateInstances", [R(Ec2(dr, "instance/i-ours"), Ours)]));

        // RDS: tags passed on create are authorized as rds:AddTagsToResource on the resource being created.
        Add("source DB snapshot", new("rds:CreateDBSnapshot", [R(Rds(primary, "db:orders-db"), Foreign), R(Rds(primary, "snapshot:drs-orders-orders-db-20261204112037"))]));
        Add("source cluster snapshot", new("rds:CreateDBClusterSnapshot", [R(Rds(primary, "cluster:orders-aurora"), Foreign), R(Rds(primary, "cluster-snapshot:drs-orders-orders-aurora-20261204112037"))]));
        Add("cross-region DB snapshot copy", new("rds:CopyDBSnapshot", [R(Rds(primary, "snapshot:rds:orders-db-2026-12-04-11-20"), Foreign), R(Rds(dr, "snapshot:drs-orders-orders-db"))]));
        Add("cross-region cluster snapshot copy", new("rds:CopyDBClusterSnapshot", [R(Rds(primary, "cluster-snapshot:orders-aurora-nightly"), Foreign), R(Rds(dr, "cluster-snapshot:drs-orders-orders-aurora"))]));
        Add("ownership tags on a new DB snapshot copy", new("rds:AddTagsToResource", [R(Rds(dr, "snapshot:drs-orders-orders-db"))], Ours));
        Add("ownership tags on a new source snapshot", new("rds:AddTagsToResource", [R(Rds(primary, "snapshot:drs-orders-orders-db-20261204112037"))], Ours));
        Add("ownership tags on a new cluster snapshot copy", new("rds:AddTagsToResource", [R(Rds(dr, "cluster-snapshot:drs-orders-orders-aurora"))], Ours));
        Add("ownership tags on a restored DB instance", new("rds:AddTagsToResource", [R(Rds(dr, "db:orders-db-drill-7"))], Ours));
        Add("ownership tags on a restored cluster", new("rds:AddTagsToResource", [R(Rds(dr, "cluster:orders-aurora-drill-7"))], Ours));
        Add("runbook tags on a promoted replica", new("rds:AddTagsToResource", [R(Rds(dr, "db:orders-db-replica"), Foreign)], RunbookOutcome));
        Add("runbook tags on a detached global secondary", new("rds:AddTagsToResource", [R(Rds(dr, "cluster:orders-aurora-dr"), Foreign)], new Dictionary<string, string>(RunbookOutcome) { ["dr:detached-from"] = "orders-global" }));
        Add("retention deletes our DB snapshot copy", new("rds:DeleteDBSnapshot", [R(Rds(dr, "snapshot:drs-orders-orders-db"), Ours)]));
        Add("retention deletes our cluster snapshot copy", new("rds:DeleteDBClusterSnapshot", [R(Rds(dr, "cluster-snapshot:drs-orders-orders-aurora"), Ours)]));
        Add("drill clean-up deletes our DB instance", new("rds:DeleteDBInstance", [R(Rds(dr, "db:orders-db-drill-7"), Ours)]));
        Add("drill clean-up deletes our cluster", new("rds:DeleteDBCluster", [R(Rds(dr, "cluster:orders-aurora-drill-7"), Ours)]));

        // KMS through EC2 and RDS only; grants for AWS resources only.
        // The policy grants kms:GenerateDataKey* and kms:ReEncrypt*: the concrete actions AWS authorizes are checked too.
        foreach (var action in new[] { "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo" })
        {
            foreach (var service in new[] { "ec2", "rds" })
            {
                Add($"encrypted copy through {service}", new(action, [R(Partition.Arn("kms", dr, Account, "key/1234"))], null, Ctx("kms:ViaService", Partition.Host(service, dr))));
            }
        }
        Add("grant for the copying service", new("kms:CreateGrant", [R(Partition.Arn("kms", dr, Account, "key/1234"))], null, Ctx("kms:GrantIsForAWSResource", "true")));

        Add("role in another account", new("sts:AssumeRole", [R(Partition.Arn("iam", "", "210987654321", "role/drservice-prod"))]));
        return needed.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PolicyScenario>)kv.Value, StringComparer.Ordinal);
    }

    /// <summary>The requests the policy must refuse: tag-guard bypasses (issue 14, item 14) and deletes of what is not ours.</summary>
    public IReadOnlyList<PolicyScenario> MustDeny()
    {
        var deny = new List<PolicyScenario>
        {
            new("ownership tag stamped on an existing volume", new("ec2:CreateTags", [R(Ec2(dr, "volume/vol-app"), Foreign)], Ours)),
            new("ownership tag stamped on an existing image", new("ec2:CreateTags", [R(Ec2(dr, "image/ami-app", false), Foreign)], Ours)),
            new("ownership tag stamped on an existing untagged image", new("ec2:CreateTags", [R(Ec2(dr, "image/ami-app", false))], Ours)),
            new("ownership tag stamped on an existing snapshot", new("ec2:CreateTags", [R(Ec2(dr, "snapshot/snap-app", false), Foreign)], Ours)),
            new("ownership tag stamped on an existing instance", new("ec2:CreateTags", [R(Ec2(dr, "instance/i-app"), Foreign)], Ours)),
            new("ownership tag stamped on an existing DB snapshot", new("rds:AddTagsToResource", [R(Rds(dr, "snapshot:orders-db-nightly"), Foreign)], Ours)),
            new("ownership tag stamped on an existing automated snapshot", new("rds:AddTagsToResource", [R(Rds(dr, "snapshot:rds:orders-db-2026-12-04-11-20"))], Ours)),
            new("ownership tag stamped on an existing cluster snapshot", new("rds:AddTagsToResource", [R(Rds(dr, "cluster-snapshot:orders-aurora-nightly"), Foreign)], Ours)),
            new("ownership tag alone stamped on an existing DB snapshot", new("rds:AddTagsToResource", [R(Rds(dr, "snapshot:orders-db-nightly"))], new Dictionary<string, string> { ["dr:managed-by"] = "drservice" })),
            new("detach a volume that is not ours from our instance", new("ec2:DetachVolume", [R(Ec2(dr, "volume/vol-app"), Foreign), R(Ec2(dr, "instance/i-ours"), Ours)])),
            new("direct KMS decrypt (not through EC2 or RDS)", new("kms:Decrypt", [R(Partition.Arn("kms", dr, Account, "key/1234"))])),
            new("KMS grant for a principal, not an AWS resource", new("kms:CreateGrant", [R(Partition.Arn("kms", dr, Account, "key/1234"))], null, Ctx("kms:GrantIsForAWSResource", "false"))),
            new("a role not named drservice-*", new("sts:AssumeRole", [R(Partition.Arn("iam", "", "210987654321", "role/admin"))])),
            new("a drservice role under a path", new("sts:AssumeRole", [R(Partition.Arn("iam", "", "210987654321", "role/ops/drservice-prod"))])),
            new("a role without the dash", new("sts:AssumeRole", [R(Partition.Arn("iam", "", "210987654321", "role/drservice"))])),
        };
        var deletes = new (string Action, string Arn)[]
        {
            ("ec2:DeleteSnapshot", Ec2(dr, "snapshot/snap-app", false)), ("ec2:DeregisterImage", Ec2(dr, "image/ami-app", false)),
            ("ec2:DeleteVolume", Ec2(dr, "volume/vol-app")), ("ec2:TerminateInstances", Ec2(dr, "instance/i-app")),
            ("rds:DeleteDBSnapshot", Rds(dr, "snapshot:orders-db-nightly")), ("rds:DeleteDBClusterSnapshot", Rds(dr, "cluster-snapshot:orders-aurora-nightly")),
            ("rds:DeleteDBInstance", Rds(dr, "db:orders-db")), ("rds:DeleteDBCluster", Rds(dr, "cluster:orders-aurora")),
        };
        foreach (var (action, arn) in deletes)
        {
            deny.Add(new($"delete an untagged resource ({action})", new(action, [R(arn)])));
            deny.Add(new($"delete an application's resource ({action})", new(action, [R(arn, Foreign)])));
            deny.Add(new($"delete a resource another tool owns ({action})", new(action, [R(arn, OtherOwner)])));
        }
        return deny;
    }
}
