using DrService.Backups.Model;

namespace DrService.Backups.Queue;

/// <summary>The kinds of copy AWS counts separately in a destination region.</summary>
public enum CopyLaneKind
{
    /// <summary>AMI copies (also limited per source region).</summary>
    Image,

    /// <summary>EBS snapshot copies.</summary>
    EbsSnapshot,

    /// <summary>RDS DB snapshot and DB cluster snapshot copies, which share one limit.</summary>
    RdsSnapshot,
}

/// <summary>One concurrency limit: the copies of one lane kind into one destination region.</summary>
public readonly record struct CopyLane(string DestinationRegion, CopyLaneKind Kind)
{
    public static CopyLane Of(CopyOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(order.DestinationRegion, KindOf(order.Source.Kind));
    }

    public static CopyLaneKind KindOf(ArtifactKind kind) => kind switch
    {
        ArtifactKind.Image => CopyLaneKind.Image,
        ArtifactKind.EbsSnapshot => CopyLaneKind.EbsSnapshot,
        ArtifactKind.DbSnapshot or ArtifactKind.DbClusterSnapshot => CopyLaneKind.RdsSnapshot,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string ToString() => $"{DestinationRegion}/{Kind}";
}
