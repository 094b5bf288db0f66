namespace DrService.Sandbox;

/// <summary>
/// The sandbox's demo estate, matching the applications of the shipped appsettings.json: "orders" (tier A: a fleet,
/// volumes, an RDS primary with a cross-region read replica, replicated S3, DNS failover), "catalog" (tier B: a
/// fleet, volumes, a database with snapshots, replicated S3, DNS) and "ledger" (<see cref="Ledger"/>: the general case).
/// </summary>
public static class DemoEstate
{
    public const string MarkerTag = "dr:demo";
    public const string AppTag = "dr:app";
    public const string HostedZone = "demo.drservice.internal.";

    /// <summary>
    /// "ledger" (tier B), the shape of a real application rather than one of each: two databases selected by tags, two
    /// roles (web and worker) from two AMIs, each instance with a data volume attached at its own device, two DNS
    /// records, and no bucket pair and no probes (so its runbooks skip S3 and the smoke test, and say so).
    /// </summary>
    public static readonly LedgerApplication Ledger = new(
        "ledger",
        Databases: ["ledger-db-accounts", "ledger-db-journal"],
        Roles: [new("web", "t3.micro", "/dev/sdf", 30), new("worker", "t3.small", "/dev/sdg", 50)]);

    public static readonly DemoApplication[] Applications =
    [
        new("orders", Instances: 2, Volumes: 2, Database: "orders-db", Replica: "orders-db-dr", Bucket: "drservice-demo-orders", OldCopies: 0),
        new("catalog", Instances: 1, Volumes: 1, Database: "catalog-db", Replica: null, Bucket: "drservice-demo-catalog", OldCopies: 40),
    ];
}

/// <summary>One demo application's resources.</summary>
/// <remarks>OldCopies: daily copies of the first volume "made" on earlier days, for retention to prune.</remarks>
public sealed record DemoApplication(string Name, int Instances, int Volumes, string Database, string? Replica, string Bucket, int OldCopies)
{
    public string ReplicaBucket => Bucket + "-dr";

    public string RecordName => $"{Name}.{DemoEstate.HostedZone}";
}

/// <summary>The general-case demo application: its databases (tagged dr:app=ledger) and roles.</summary>
public sealed record LedgerApplication(string Name, IReadOnlyList<string> Databases, IReadOnlyList<LedgerRole> Roles)
{
    public IReadOnlyList<string> RecordNames => [$"{Name}.{DemoEstate.HostedZone}", $"{Name}-api.{DemoEstate.HostedZone}"];
}

/// <summary>One role of the ledger: one instance of this type from its own golden AMI, a data volume attached at <see cref="Device"/>.</summary>
public sealed record LedgerRole(string Role, string InstanceType, string Device, int VolumeGiB);
