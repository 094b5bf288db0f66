namespace DrService.Bench.BackupCycle;

/// <summary>The size of the seeded estate: resources and source backups per kind, across ~20 applications.</summary>
public sealed record Scale(string Name, int Applications, int Volumes, int SnapshotsPerVolume, int Instances, int ImagesPerInstance, int DbInstances, int SnapshotsPerDb, int CliSample)
{
    public static Scale Full { get; } = new("full", 20, 1000, 2, 250, 2, 100, 2, 100);

    public static Scale Small { get; } = new("small", 20, 100, 2, 25, 2, 10, 2, 25);
}

/// <summary>One application of the estate: its source region, how it selects (ids or a tag) and what was seeded for it.</summary>
public sealed class BenchApp(string name, string region, bool byIds)
{
    public const string Tag = "bench-app";

    public string Name { get; } = name;

    public string Region { get; } = region;

    public bool ByIds { get; } = byIds;

    public List<string> Volumes { get; } = [];

    public List<string> Instances { get; } = [];

    public List<string> DbInstances { get; } = [];

    public int Snapshots { get; set; }

    public int Images { get; set; }

    public int DbSnapshots { get; set; }
}

/// <summary>The applications and how each kind of resource is spread over them: the first application holds a quarter of every kind (its id lists exceed one 200-value filter at full scale), the others share the rest round-robin; every third application lives in eu-west-1 (Backup:SourceRegion).</summary>
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
            Apps.Add(new BenchApp($"app{i:D2}", i % 3 == 2 ? Second : Primary, byIds: i % 2 == 0));
        }
    }

    public Scale Scale { get; }

    public List<BenchApp> Apps { get; } = [];

    /// <summary>The application resource number <paramref name="index"/> of <paramref name="total"/> belongs to.</summary>
    public BenchApp Owner(int index, int total) =>
        index < total / 4 ? Apps[0] : Apps[1 + ((index - (total / 4)) % (Apps.Count - 1))];
}
