using DrService.Backups.Model;
using DrService.Backups.Queue;

namespace DrService.Bench.CopyScheduling;

internal sealed record Bound(TimeSpan Makespan, string Lane);

/// <summary>
/// No schedule can finish sooner than, for every lane, max(total lane work / lane capacity, longest copy in the
/// lane); the AMI per-source sub-lanes likewise with their own capacity. The bound is the largest of these.
/// </summary>
internal static class LowerBound
{
    public static Bound Of(IReadOnlyList<SimCopy> copies, CopyLimits limits)
    {
        var lanes = copies
            .GroupBy(c => CopyLane.Of(c.Queued.Order))
            .Select(g => Of(g.Key.ToString(), g.ToList(), limits.For(g.Key.Kind)));
        var amiSources = copies
            .Where(c => c.Queued.Order.Source.Kind == ArtifactKind.Image)
            .GroupBy(c => (c.Queued.Order.DestinationRegion, c.Queued.Order.Source.Region))
            .Select(g => Of($"{g.Key.DestinationRegion}/Image from {g.Key.Region}", g.ToList(), limits.ImageCopiesPerSourceRegion));
        return lanes.Concat(amiSources).MaxBy(b => b.Makespan)!;
    }

    private static Bound Of(string lane, List<SimCopy> copies, int capacity)
    {
        var work = TimeSpan.FromTicks(copies.Sum(c => c.Duration.Ticks) / capacity);
        var longest = copies.Max(c => c.Duration);
        return new Bound(work > longest ? work : longest, lane);
    }
}
