using DrService.Configuration;

namespace DrService.Replication;

/// <summary>One configured read replica pair, with the regions resolved (an ARN's region wins over the configuration).</summary>
internal sealed record ReplicaTarget(string Application, ApplicationOptions Options, string Account, RdsArn Source, string SourceRegion, RdsArn Replica, string ReplicaRegion)
{
    public string Subject => $"replica:{Replica.Identifier}";
}

/// <summary>One configured Aurora global database.</summary>
internal sealed record GlobalTarget(string Application, ApplicationOptions Options, string Account, string Identifier)
{
    public string Subject => $"global:{Identifier}";
}

/// <summary>What the replica monitor watches this cycle, and which instances it must describe in each (account, region).</summary>
internal sealed record ReplicaPlan(IReadOnlyList<ReplicaTarget> Replicas, IReadOnlyList<GlobalTarget> Globals, string DrRegion)
{
    public static ReplicaPlan From(DrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var replicas = new List<ReplicaTarget>();
        var globals = new List<GlobalTarget>();
        foreach (var (name, app) in options.Applications.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var sourceRegion = app.SourceRegionOr(options.Regions);
            foreach (var pair in app.Resources.ReadReplicas)
            {
                var source = RdsArn.Parse(pair.Source);
                var replica = RdsArn.Parse(pair.Replica);
                replicas.Add(new ReplicaTarget(name, app, app.Account, source, source.Region ?? sourceRegion, replica, replica.Region ?? options.Regions.Dr));
            }
            globals.AddRange(app.Resources.GlobalClusters.Select(g => new GlobalTarget(name, app, app.Account, g.Identifier)));
        }
        return new ReplicaPlan(replicas, globals, options.Regions.Dr);
    }

    /// <summary>
    /// The identifiers to describe per (account, region): every replica in its region; in each source region the
    /// sources and the replica identifiers too (a replica found there only was created in the wrong region).
    /// </summary>
    public IReadOnlyDictionary<(string Account, string Region), SortedSet<string>> Lookups()
    {
        var lookups = new Dictionary<(string, string), SortedSet<string>>();
        SortedSet<string> In(string account, string region) =>
            lookups.TryGetValue((account, region), out var ids) ? ids : lookups[(account, region)] = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in Replicas)
        {
            In(r.Account, r.ReplicaRegion).Add(r.Replica.Identifier);
            var source = In(r.Account, r.SourceRegion);
            source.Add(r.Source.Identifier);
            source.Add(r.Replica.Identifier);
        }
        return lookups;
    }
}
