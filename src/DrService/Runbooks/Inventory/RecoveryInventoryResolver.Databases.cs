using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Runbooks.Inventory;

public sealed partial class RecoveryInventoryResolver
{
    /// <summary>
    /// RDS DB instances (each with its newest DB snapshot copy). RDS's DescribeDBInstances takes no tag filters: one
    /// paginated listing of the source region, matched by id or tags (as the backup driver does). Read replicas and
    /// Aurora members are not databases to restore.
    /// </summary>
    private async Task DatabasesAsync(Resolution run, CancellationToken cancellationToken)
    {
        var selector = run.App.Resources.DbInstances;
        if (selector is null || !Selects(selector))
        {
            NoneFound(run, RecoveryInventory.Databases, selector, "DbInstances", "databases", readable: true);
            return;
        }
        IReadOnlyList<DbInstance>? found = null;
        try
        {
            found = await rds.DescribeDBInstancesAsync(run.Source, null, run.Account, run.SourceToken);
        }
        catch (Exception ex) when (IsSourceFailure(ex, cancellationToken))
        {
            run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Resources:DbInstances",
                $"the source region {run.Source} could not be read ({Describe(ex)}): databases come from their DR snapshot copies");
        }
        var copies = await NewestCopiesAsync(run, ArtifactKind.DbSnapshot, cancellationToken);
        var instanceClass = run.App.Recovery.DbInstanceClass ?? "";
        var databases = found is null
            ? copies.Keys.Select(id => (Id: id, Encrypted: copies[id].Encrypted, Source: "dr-copies"))
            : found.Where(d => !d.IsReadReplica && d.DBClusterIdentifier is null && RdsSelection.Matches(selector, d.Identifier, d.Tags))
                .Select(d => (Id: d.Identifier, Encrypted: d.StorageEncrypted, Source: "source"));
        foreach (var (id, encrypted, source) in databases.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var copy = copies.GetValueOrDefault(id);
            run.Items.Add(new InventoryItem(RecoveryInventory.Databases, id, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = id,
                ["targetName"] = id,
                ["instanceClass"] = instanceClass,
                ["copy"] = copy?.Id ?? "",
                ["recoveryPoint"] = copy is null ? "" : Time(copy.SourceCreatedAt),
                ["encrypted"] = encrypted ? "true" : "false",
            })
            {
                Copy = copy?.Id,
                RecoveryPoint = copy?.SourceCreatedAt,
                Source = source,
            });
            CopyProblems(run, $"database {id}", "snapshot copy", id, copy, encrypted);
        }
        NoneFound(run, RecoveryInventory.Databases, selector, "DbInstances", "databases", readable: found is not null);
    }

    /// <summary>Aurora clusters (each with its newest cluster snapshot copy): one listing, matched by id or tags.</summary>
    private async Task ClustersAsync(Resolution run, CancellationToken cancellationToken)
    {
        var selector = run.App.Resources.DbClusters;
        if (selector is null || !Selects(selector))
        {
            NoneFound(run, RecoveryInventory.Clusters, selector, "DbClusters", "Aurora clusters", readable: true);
            return;
        }
        IReadOnlyList<DbCluster>? found = null;
        try
        {
            found = await rds.DescribeDBClustersAsync(run.Source, null, run.Account, run.SourceToken);
        }
        catch (Exception ex) when (IsSourceFailure(ex, cancellationToken))
        {
            run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Resources:DbClusters",
                $"the source region {run.Source} could not be read ({Describe(ex)}): clusters come from their DR snapshot copies");
        }
        var copies = await NewestCopiesAsync(run, ArtifactKind.DbClusterSnapshot, cancellationToken);
        var clusters = found is null
            ? copies.Keys.Select(id => (Id: id, Engine: copies[id].Tags.GetValueOrDefault("dr:engine") ?? "aurora-postgresql", Encrypted: copies[id].Encrypted, Source: "dr-copies"))
            : found.Where(c => RdsSelection.Matches(selector, c.Identifier, c.Tags)).Select(c => (Id: c.Identifier, c.Engine, Encrypted: c.StorageEncrypted, Source: "source"));
        foreach (var (id, engine, encrypted, source) in clusters.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var copy = copies.GetValueOrDefault(id);
            run.Items.Add(new InventoryItem(RecoveryInventory.Clusters, id, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = id,
                ["targetName"] = id,
                ["engine"] = engine,
                // Aurora has no db.t3.micro: a cluster's writer needs an Aurora instance class.
                ["instanceClass"] = run.App.Recovery.DbInstanceClass is { } cls && !cls.StartsWith("db.t3.micro", StringComparison.Ordinal) ? cls : DefaultAuroraClass,
                ["copy"] = copy?.Id ?? "",
                ["recoveryPoint"] = copy is null ? "" : Time(copy.SourceCreatedAt),
            })
            {
                Copy = copy?.Id,
                RecoveryPoint = copy?.SourceCreatedAt,
                Source = source,
            });
            CopyProblems(run, $"Aurora cluster {id}", "cluster snapshot copy", id, copy, encrypted);
        }
        NoneFound(run, RecoveryInventory.Clusters, selector, "DbClusters", "Aurora clusters", readable: found is not null);
    }

    /// <summary>The writer class of a restored Aurora cluster when Recovery:DbInstanceClass does not name one (the smallest memory-optimised Graviton class Aurora PostgreSQL and MySQL both offer).</summary>
    public const string DefaultAuroraClass = "db.r6g.large";

    /// <summary>Configured read replicas, each checked to exist in the DR region (one listing there).</summary>
    private async Task ReplicasAsync(Resolution run, CancellationToken cancellationToken)
    {
        var replicas = run.App.Resources.ReadReplicas;
        if (replicas.Count == 0)
        {
            run.Empty(RecoveryInventory.Replicas, $"the application has no read replicas ({run.Key}:Resources:ReadReplicas)");
            return;
        }
        HashSet<string>? present = null;
        try
        {
            present = (await rds.DescribeDBInstancesAsync(run.Dr, null, run.Account, cancellationToken))
                .Select(d => d.Identifier).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (IsAwsFailure(ex))
        {
            run.Problem(ProblemSeverity.Error, null, $"{run.Key}:Resources:ReadReplicas",
                $"the DR region {run.Dr} could not be read ({Describe(ex)}): the replicas' presence is unknown");
        }
        for (var i = 0; i < replicas.Count; i++)
        {
            var replica = replicas[i];
            run.Items.Add(new InventoryItem(RecoveryInventory.Replicas, replica.Replica, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = replica.Replica,
                ["replica"] = replica.Replica,
                ["source"] = replica.Source,
            }));
            if (present is not null && !present.Contains(Replication.RdsArn.Parse(replica.Replica).Identifier))
            {
                run.Problem(ProblemSeverity.Error, replica.Replica, $"{run.Key}:Resources:ReadReplicas:{i}:Replica",
                    $"read replica {replica.Replica} does not exist in {run.Dr}: there is nothing to promote");
            }
        }
    }
}
