using DrService.Backups.Model;
using DrService.Backups.Queue;

namespace DrService.Bench.CopyScheduling;

/// <summary>One copy of a scenario: what the scheduler is told, and how long AWS really takes.</summary>
internal sealed record SimCopy(QueuedCopy Queued, TimeSpan Duration);

/// <summary>Copies with realistic, seeded durations: skewed towards short, with a few very long ones.</summary>
internal sealed class Workload(int seed)
{
    public const string Destination = "us-west-2";
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 21, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Rpo = TimeSpan.FromHours(4);
    private static readonly TimeSpan BackupWindow = TimeSpan.FromMinutes(30);

    private readonly Random _random = new(seed);
    private readonly List<SimCopy> _copies = [];
    private int _next;

    public IReadOnlyList<SimCopy> Copies => _copies;

    /// <summary>
    /// <paramref name="count"/> copies of <paramref name="kind"/> from <paramref name="source"/> lasting
    /// <paramref name="minMinutes"/>..<paramref name="maxMinutes"/> (more short than long); <paramref name="veryLong"/> of
    /// them (a fraction) last 3 to 8 hours. Sources are taken across a 30-minute window; each is due 4 h after.
    /// </summary>
    public Workload Add(ArtifactKind kind, int count, int minMinutes, int maxMinutes, string source = "us-east-1", double veryLong = 0.01)
    {
        for (var i = 0; i < count; i++)
        {
            var minutes = _random.NextDouble() < veryLong
                ? _random.Next(180, 480)
                : minMinutes + ((maxMinutes - minMinutes) * Math.Pow(_random.NextDouble(), 1.5));
            var takenAt = Start - BackupWindow + (BackupWindow * _random.NextDouble());
            Add(kind, source, takenAt, TimeSpan.FromMinutes(minutes));
        }
        return this;
    }

    /// <summary>One copy lasting <paramref name="duration"/> whose source was taken at the end of the window (due last).</summary>
    public Workload AddLast(ArtifactKind kind, TimeSpan duration, string source = "us-east-1")
    {
        Add(kind, source, Start, duration);
        return this;
    }

    private void Add(ArtifactKind kind, string source, DateTimeOffset takenAt, TimeSpan duration)
    {
        var id = $"src-{_next++:D5}";
        var artifact = new Artifact(kind, source, id, $"res-{id}", takenAt, ArtifactState.Available);
        var key = CopyOrder.KeyFor("bench", artifact);
        var order = new CopyOrder(key, "bench", artifact, Destination, $"drs-bench-{id}", new Dictionary<string, string>());
        // The engine estimates a copy's length from its size and history: here the estimate is exact.
        _copies.Add(new SimCopy(new QueuedCopy(order, takenAt + Rpo, duration), duration));
    }
}
