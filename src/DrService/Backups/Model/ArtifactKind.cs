namespace DrService.Backups.Model;

/// <summary>
/// What DrService copies into the DR region, one per kind of protected resource: an EC2 instance is protected by
/// AMIs, an EBS volume by snapshots, an RDS instance by DB snapshots, an Aurora cluster by cluster snapshots.
/// </summary>
public enum ArtifactKind
{
    Image,
    EbsSnapshot,
    DbSnapshot,
    DbClusterSnapshot,
}

public static class ArtifactKindExtensions
{
    /// <summary>The protected resource's kind, as people say it.</summary>
    public static string ResourceNoun(this ArtifactKind kind) => kind switch
    {
        ArtifactKind.Image => "instance",
        ArtifactKind.EbsSnapshot => "volume",
        ArtifactKind.DbSnapshot => "db-instance",
        ArtifactKind.DbClusterSnapshot => "db-cluster",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
