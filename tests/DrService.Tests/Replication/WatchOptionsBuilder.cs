using DrService.Configuration;

namespace DrService.Tests.Replication;

/// <summary>Builds the DrOptions a replication watch test observes: <c>WatchOptionsBuilder.For("orders").Rpo(5 min).Replica(...)</c>.</summary>
internal sealed class WatchOptionsBuilder
{
    private readonly DrOptions _options = new() { Regions = new RegionsOptions { Primary = "us-east-1", Dr = "us-west-2" } };
    private ApplicationOptions _current = null!;

    private WatchOptionsBuilder()
    {
    }

    public static WatchOptionsBuilder For(string application) => new WatchOptionsBuilder().And(application);

    /// <summary>Starts the next application (RPO 10 minutes, tier B unless told).</summary>
    public WatchOptionsBuilder And(string application)
    {
        _current = new ApplicationOptions { Rpo = TimeSpan.FromMinutes(10), Rto = TimeSpan.FromHours(1) };
        _options.Applications[application] = _current;
        return this;
    }

    public WatchOptionsBuilder Rpo(TimeSpan rpo)
    {
        _current.Rpo = rpo;
        return this;
    }

    public WatchOptionsBuilder Tier(ApplicationTier tier)
    {
        _current.Tier = tier;
        return this;
    }

    public WatchOptionsBuilder Replica(string source, string replica)
    {
        _current.Resources.ReadReplicas.Add(new ReadReplicaOptions { Source = source, Replica = replica });
        return this;
    }

    public WatchOptionsBuilder Global(string identifier)
    {
        _current.Resources.GlobalClusters.Add(new GlobalClusterOptions { Identifier = identifier });
        return this;
    }

    public WatchOptionsBuilder Bucket(string source, string destination, string prefix = "", int sampleSize = 20, bool? requireRtc = null, int samplePages = 10)
    {
        _current.Resources.BucketPairs.Add(new BucketPairOptions
        {
            Source = source,
            Destination = destination,
            Prefix = prefix,
            SampleSize = sampleSize,
            SamplePages = samplePages,
            RequireReplicationTimeControl = requireRtc,
        });
        return this;
    }

    public DrOptions Build() => _options;
}
