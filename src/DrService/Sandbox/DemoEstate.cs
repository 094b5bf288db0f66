namespace DrService.Sandbox;

/// <summary>
/// The sandbox's demo estate, matching the applications of the shipped appsettings.json: "orders" (tier A: a fleet,
/// volumes, an RDS primary with a cross-region read replica, replicated S3, DNS failover) and "catalog" (tier B: a
/// fleet, volumes, a database with snapshots, replicated S3, DNS).
/// </summary>
public static class DemoEstate
{
    public const string MarkerTag = "dr:demo";
    public const string AppTag = "dr:app";
    public const string HostedZone = "demo.drservice.internal.";

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
