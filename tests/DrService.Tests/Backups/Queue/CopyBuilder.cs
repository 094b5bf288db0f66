using DrService.Backups.Model;
using DrService.Backups.Queue;

namespace DrService.Tests.Backups.Queue;

/// <summary>Builds copy orders and queued copies: <c>CopyBuilder.Ebs("vol-1").From("us-east-1").DueAt(t).Build()</c>.</summary>
internal sealed class CopyBuilder
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 21, 0, 0, TimeSpan.Zero);

    private readonly ArtifactKind _kind;
    private readonly string _id;
    private string _source = "us-east-1";
    private string _destination = "us-west-2";
    private DateTimeOffset _dueAt = T0;
    private TimeSpan? _duration;

    private CopyBuilder(ArtifactKind kind, string id) => (_kind, _id) = (kind, id);

    public static CopyBuilder For(ArtifactKind kind, string id) => new(kind, id);

    public static CopyBuilder Ebs(string id) => new(ArtifactKind.EbsSnapshot, id);

    public static CopyBuilder Ami(string id) => new(ArtifactKind.Image, id);

    public static CopyBuilder Rds(string id) => new(ArtifactKind.DbSnapshot, id);

    /// <summary><paramref name="count"/> copies of <paramref name="kind"/> named <c>{prefix}-{i}</c>, all due at <see cref="T0"/>.</summary>
    public static IEnumerable<QueuedCopy> Many(ArtifactKind kind, int count, string prefix = "r", string source = "us-east-1", string destination = "us-west-2") =>
        Enumerable.Range(0, count).Select(i => For(kind, $"{prefix}-{i:D4}").From(source).To(destination).Build());

    public CopyBuilder From(string sourceRegion)
    {
        _source = sourceRegion;
        return this;
    }

    public CopyBuilder To(string destinationRegion)
    {
        _destination = destinationRegion;
        return this;
    }

    public CopyBuilder DueAt(DateTimeOffset at)
    {
        _dueAt = at;
        return this;
    }

    public CopyBuilder Taking(TimeSpan expected)
    {
        _duration = expected;
        return this;
    }

    public CopyOrder Order()
    {
        var source = new Artifact(_kind, _source, _id, $"res-{_id}", T0.AddHours(-1), ArtifactState.Available);
        var key = CopyOrder.KeyFor("orders", source);
        return new CopyOrder(key, "orders", source, _destination, $"drs-orders-{_id}", OwnershipTags.ForCopy("orders", source, key));
    }

    public QueuedCopy Build() => new(Order(), _dueAt, _duration);
}
