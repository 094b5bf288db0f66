using Amazon.EC2.Model;
using DrService.Backups.Drivers;

namespace DrService.Runbooks.Inventory;

public sealed partial class RecoveryInventoryResolver
{
    /// <summary>
    /// Aurora global databases, each with its secondary cluster in the DR region (the member whose ARN names the DR
    /// region), read from the global data plane's DescribeGlobalClusters in the DR region (one call).
    /// </summary>
    private async Task GlobalClustersAsync(Resolution run, CancellationToken cancellationToken)
    {
        var globals = run.App.Resources.GlobalClusters;
        if (globals.Count == 0)
        {
            run.Empty(RecoveryInventory.GlobalClusters, $"the application has no Aurora global databases ({run.Key}:Resources:GlobalClusters)");
            return;
        }
        IReadOnlyList<Aws.Rds.GlobalCluster>? found = null;
        try
        {
            found = await rds.DescribeGlobalClustersAsync(run.Dr, null, run.Account, cancellationToken);
        }
        catch (Exception ex) when (IsAwsFailure(ex))
        {
            run.Problem(ProblemSeverity.Error, null, $"{run.Key}:Resources:GlobalClusters", $"the global databases could not be read in {run.Dr}: {Describe(ex)}");
        }
        IReadOnlyList<Aws.Rds.DbCluster>? drClusters = null;
        for (var i = 0; i < globals.Count; i++)
        {
            var id = globals[i].Identifier;
            var secondary = found?.FirstOrDefault(g => g.Identifier == id)?.Members
                .FirstOrDefault(m => !m.IsWriter && m.DBClusterArn.Split(':') is { Length: > 3 } arn && arn[3] == run.Dr)?.DBClusterArn;
            var detached = false;
            if (found is not null && secondary is null)
            {
                // After a failover the DR member was detached (rds.detach-global-secondary tags it): the item is still
                // that cluster, so a re-run of the failover finds it done and the rebuild runbook starts from it.
                drClusters ??= await DrClustersAsync(run, cancellationToken);
                secondary = drClusters.FirstOrDefault(c => c.Tags.GetValueOrDefault(Actions.RunbookTags.DetachedFrom) == id)?.Arn;
                detached = secondary is not null;
            }
            run.Items.Add(new InventoryItem(RecoveryInventory.GlobalClusters, id, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = id,
                ["secondaryCluster"] = secondary ?? "",
                ["detached"] = detached ? "true" : "false",
            }));
            if (found is not null && secondary is null)
            {
                run.Problem(ProblemSeverity.Error, id, $"{run.Key}:Resources:GlobalClusters:{i}:Identifier",
                    $"global database {id} has no secondary cluster in {run.Dr}: there is nothing to promote there");
            }
        }
    }

    private async Task<IReadOnlyList<Aws.Rds.DbCluster>> DrClustersAsync(Resolution run, CancellationToken cancellationToken)
    {
        try
        {
            return await rds.DescribeDBClustersAsync(run.Dr, null, run.Account, cancellationToken);
        }
        catch (Exception ex) when (IsAwsFailure(ex))
        {
            run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Resources:GlobalClusters", $"the DR clusters could not be read in {run.Dr}: {Describe(ex)}");
            return [];
        }
    }

    /// <summary>The kinds that come from configuration alone: bucket pairs, DNS records.</summary>
    private static void Configured(Resolution run)
    {
        var resources = run.App.Resources;
        foreach (var pair in resources.BucketPairs)
        {
            run.Items.Add(new InventoryItem(RecoveryInventory.Buckets, pair.Destination, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = pair.Destination,
                ["source"] = pair.Source,
                ["destination"] = pair.Destination,
            }));
        }
        if (resources.BucketPairs.Count == 0)
        {
            run.Empty(RecoveryInventory.Buckets, $"the application has no bucket pairs ({run.Key}:Resources:BucketPairs)");
        }
        foreach (var record in resources.DnsRecords)
        {
            run.Items.Add(new InventoryItem(RecoveryInventory.DnsRecords, record.Name, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = record.Name,
                ["name"] = record.Name,
                ["hostedZoneId"] = record.HostedZone,
            }));
        }
        if (resources.DnsRecords.Count == 0)
        {
            run.Empty(RecoveryInventory.DnsRecords, $"the application has no DNS records ({run.Key}:Resources:DnsRecords)");
        }
    }

    /// <summary>
    /// What the DR region must hold for the runbooks to run there (the configured subnet and security groups, one
    /// filtered query each), and what the application should configure (a smoke-test URL).
    /// </summary>
    private async Task ChecksAsync(Resolution run, CancellationToken cancellationToken)
    {
        var recovery = run.App.Recovery;
        if ((recovery.SmokeTestUrl ?? run.App.Probes.Secondary) is null)
        {
            run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Recovery:SmokeTestUrl",
                "no smoke-test URL (Recovery:SmokeTestUrl or Probes:Secondary): the smoke test is skipped and the RTO is measured to infrastructure ready, not service answering");
        }
        var needsCompute = run.Items.Any(i => i.Kind is RecoveryInventory.Instances or RecoveryInventory.Databases or RecoveryInventory.Clusters);
        if (!needsCompute || (recovery.SubnetId is null && recovery.SecurityGroupIds.Count == 0))
        {
            return;
        }
        var ec2 = aws.Ec2(run.Dr, run.Account);
        try
        {
            if (recovery.SubnetId is { } subnet)
            {
                var subnets = await Ec2Calls.RunAsync(run.Dr, "DescribeSubnets", () => ec2.DescribeSubnetsAsync(
                    new DescribeSubnetsRequest { Filters = [new Filter("subnet-id", [subnet])] }, cancellationToken));
                if (subnets.Subnets is not { Count: > 0 })
                {
                    run.Problem(ProblemSeverity.Error, null, $"{run.Key}:Recovery:SubnetId", $"subnet {subnet} does not exist in {run.Dr}");
                }
            }
            if (recovery.SecurityGroupIds.Count > 0)
            {
                var groups = await Ec2Calls.RunAsync(run.Dr, "DescribeSecurityGroups", () => ec2.DescribeSecurityGroupsAsync(
                    new DescribeSecurityGroupsRequest { Filters = [new Filter("group-id", [.. recovery.SecurityGroupIds])] }, cancellationToken));
                var found = (groups.SecurityGroups ?? []).Select(g => g.GroupId).ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < recovery.SecurityGroupIds.Count; i++)
                {
                    if (!found.Contains(recovery.SecurityGroupIds[i]))
                    {
                        run.Problem(ProblemSeverity.Error, null, $"{run.Key}:Recovery:SecurityGroupIds:{i}",
                            $"security group {recovery.SecurityGroupIds[i]} does not exist in {run.Dr}");
                    }
                }
            }
        }
        catch (Exception ex) when (IsAwsFailure(ex))
        {
            run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Recovery", $"the DR region's subnet and security groups could not be checked: {Describe(ex)}");
        }
    }
}
