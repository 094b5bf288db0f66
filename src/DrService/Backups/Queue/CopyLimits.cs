namespace DrService.Backups.Queue;

/// <summary>
/// AWS's limits on concurrent cross-region copies, per destination region: AMIs (<see cref="ImageCopies"/>, of which at
/// most <see cref="ImageCopiesPerSourceRegion"/> from one source region), EBS snapshots, and RDS snapshots (DB and
/// cluster snapshots share one lane). Every value must be positive; <c>with</c> is validated too.
/// </summary>
public sealed record CopyLimits(int ImageCopies = 50, int ImageCopiesPerSourceRegion = 25, int EbsSnapshotCopies = 20, int DbSnapshotCopies = 20)
{
    public int ImageCopies { get; init => field = Positive(value, nameof(ImageCopies)); } = Positive(ImageCopies, nameof(ImageCopies));

    public int ImageCopiesPerSourceRegion { get; init => field = Positive(value, nameof(ImageCopiesPerSourceRegion)); } =
        Positive(ImageCopiesPerSourceRegion, nameof(ImageCopiesPerSourceRegion));

    public int EbsSnapshotCopies { get; init => field = Positive(value, nameof(EbsSnapshotCopies)); } = Positive(EbsSnapshotCopies, nameof(EbsSnapshotCopies));

    public int DbSnapshotCopies { get; init => field = Positive(value, nameof(DbSnapshotCopies)); } = Positive(DbSnapshotCopies, nameof(DbSnapshotCopies));

    /// <summary>How many copies of <paramref name="kind"/> may run at once into one destination region.</summary>
    public int For(CopyLaneKind kind) => kind switch
    {
        CopyLaneKind.Image => ImageCopies,
        CopyLaneKind.EbsSnapshot => EbsSnapshotCopies,
        CopyLaneKind.RdsSnapshot => DbSnapshotCopies,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"CopyLimits.{name} must be positive.");
}
