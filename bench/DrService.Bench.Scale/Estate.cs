using System.Globalization;

namespace DrService.Bench.Scale;

/// <summary>
/// The estate's size. Every application protects the same mix: <see cref="VolumesPerApp"/> EBS volumes,
/// <see cref="InstancesPerApp"/> instances (AMIs), <see cref="DbsPerApp"/> DB instances, and every other application
/// <see cref="ReplicasPerApp"/>+1 / -1 read replicas and bucket pairs alternately (so 2.5 each on average). One
/// source backup per resource; every <see cref="UncopiedEvery"/>th resource has no fresh copy in the DR region yet.
/// </summary>
public sealed record Scale(string Name, int Applications)
{
    public const int VolumesPerApp = 30;
    public const int InstancesPerApp = 10;
    public const int DbsPerApp = 5;
    public const int ReplicasPerApp = 2;
    public const int UncopiedEvery = 20;

    /// <summary>Objects per bucket pair, and the monitor's sample size.</summary>
    public const int ObjectsPerBucket = 2;

    public static Scale Full { get; } = new("full", 200);

    public static Scale Half { get; } = new("half", 100);

    public static Scale Tenth { get; } = new("tenth", 20);

    public static Scale Parse(string name) => name switch
    {
        "full" => Full,
        "half" => Half,
        "tenth" => Tenth,
        _ => throw new ArgumentException($"--scale {name}: full, half or tenth"),
    };
}

/// <summary>One application: its source region, how it selects (ids or a tag), and what was seeded for it.</summary>
public sealed class App(int index, string region, bool byIds)
{
    public const string Tag = "bench-app";

    public string Name { get; } = string.Create(CultureInfo.InvariantCulture, $"app{index:D3}");

    public int Index { get; } = index;

    public string Region { get; } = region;

    public bool ByIds { get; } = byIds;

    public List<string> Volumes { get; } = [];

    public List<string> Instances { get; } = [];

    public List<string> DbInstances { get; } = [];

    /// <summary>(source DB instance, replica identifier in the DR region).</summary>
    public List<(string Source, string Replica)> Replicas { get; } = [];

    /// <summary>(source bucket in the app's region, destination bucket in the DR region).</summary>
    public List<(string Source, string Destination)> BucketPairs { get; } = [];

    public int Resources => Volumes.Count + Instances.Count + DbInstances.Count + Replicas.Count + BucketPairs.Count;
}

/// <summary>The applications: even ones in us-east-1, odd ones in eu-west-1 (Backup:SourceRegion); every other pair selects by ids, the rest by a tag.</summary>
public sealed class Estate
{
    public const string Primary = "us-east-1";
    public const string Second = "eu-west-1";
    public const string Dr = "us-west-2";

    public Estate(Scale scale)
    {
        Scale = scale;
        for (var i = 0; i < scale.Applications; i++)
        {
            Apps.Add(new App(i, i % 2 == 0 ? Primary : Second, byIds: i / 2 % 2 == 0));
        }
    }

    public Scale Scale { get; }

    public List<App> Apps { get; } = [];

    public int Resources => Apps.Sum(a => a.Resources);

    /// <summary>Replicas (and bucket pairs) of application <paramref name="index"/>: 3 and 2 alternately.</summary>
    public static int PairsOf(int index) => index % 2 == 0 ? Scale.ReplicasPerApp + 1 : Scale.ReplicasPerApp;
}
