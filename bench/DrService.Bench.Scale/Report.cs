using System.Globalization;
using DrService.Bench.BackupCycle;

namespace DrService.Bench.Scale;

/// <summary>One measured phase: calls per "service Operation" against the minimum, wall time, memory.</summary>
public sealed record Phase(string Name, TimeSpan Wall, Dictionary<string, long> Calls, Dictionary<string, long> Minimum, MemoryProbe Memory, int Copies, string Note)
{
    public long Total => Calls.Values.Sum();

    /// <summary>CreateTags after CopyImage: only against an emulator (moto ignores CopyImage's TagSpecifications).</summary>
    public long EmulatorOnly => Calls.GetValueOrDefault("ec2 CreateTags");

    public long MinimumTotal => Minimum.Values.Sum();
}

public sealed record ReportInput(Scale Scale, Estate Estate, TimeSpan Seeding, long SeedCalls, int SeededCopies, string[] LoadBefore, string[] LoadAfter,
    Phase? Backup, Phase Monitoring, List<EndpointTiming> Timings);

/// <summary>The Markdown section for docs/performance.md.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Print(ReportInput r)
    {
        var w = Console.Out;
        var e = r.Estate;
        w.WriteLine();
        w.WriteLine(F($"## Scale: {e.Apps.Count} applications, {e.Resources:N0} resources"));
        w.WriteLine();
        w.WriteLine(F($"Measured {DateTime.Now:yyyy-MM-dd HH:mm} with:"));
        w.WriteLine();
        w.WriteLine("```");
        w.WriteLine($"dotnet run -c Release --project bench/DrService.Bench.Scale{(r.Scale.Name == "full" ? "" : $" -- --scale {r.Scale.Name}")}");
        w.WriteLine("```");
        w.WriteLine();
        w.WriteLine(F($"Machine: {Environment.ProcessorCount} cores shared with other builds, load average {string.Join(' ', r.LoadBefore)} at the start and {string.Join(' ', r.LoadAfter)} at the end (1, 5, 15 min); {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}."));
        w.WriteLine(F($"Estate: {e.Apps.Sum(a => a.Volumes.Count):N0} EBS volumes, {e.Apps.Sum(a => a.Instances.Count):N0} instances, {e.Apps.Sum(a => a.DbInstances.Count):N0} DB instances (one source backup each), {e.Apps.Sum(a => a.Replicas.Count):N0} cross-region read replicas, {e.Apps.Sum(a => a.BucketPairs.Count):N0} replicated bucket pairs ({Scale.ObjectsPerBucket} objects each, sample size {Scale.ObjectsPerBucket}); {e.Apps.Count(a => a.Region == Estate.Primary)} applications in {Estate.Primary}, {e.Apps.Count(a => a.Region == Estate.Second)} in {Estate.Second}, DR {Estate.Dr}; half select by ids, half by a tag. Seeding (not measured): {r.Seeding.TotalMinutes:F1} min, {r.SeedCalls:N0} calls, including {r.SeededCopies:N0} fresh DR copies, so that only every {Scale.UncopiedEvery}th resource is copied by the measured cycle (mostly steady state)."));
        w.WriteLine();
        w.WriteLine("| Phase | Copies made | AWS calls | Lower bound | Calls / bound | Without emulator-only CreateTags | Wall | Managed heap peak over start | Allocated | Peak working set |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in new[] { r.Backup, r.Monitoring }.OfType<Phase>())
        {
            w.WriteLine(F($"| {p.Name} | {p.Copies:N0} | {p.Total:N0} | {p.MinimumTotal:N0} | **{(double)p.Total / p.MinimumTotal:F2}** | {(double)(p.Total - p.EmulatorOnly) / p.MinimumTotal:F2} | {p.Wall.TotalSeconds:F1} s | {Mib(p.Memory.HeapPeakDelta)} | {Mib(p.Memory.Allocated)} | {Mib(p.Memory.PeakWorkingSet)}{(p.Memory.PeakReset ? "" : " (process peak so far)")} |"));
        }
        w.WriteLine();
        foreach (var p in new[] { r.Backup, r.Monitoring }.OfType<Phase>())
        {
            w.WriteLine(F($"{p.Name}: {(p.Note.Length == 0 ? "no failures" : p.Note)}."));
            w.WriteLine();
            w.WriteLine("| Operation | Calls | Lower bound |");
            w.WriteLine("|---|---:|---:|");
            foreach (var key in p.Calls.Keys.Concat(p.Minimum.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                w.WriteLine(F($"| {key} | {p.Calls.GetValueOrDefault(key):N0} | {p.Minimum.GetValueOrDefault(key):N0} |"));
            }
            w.WriteLine();
        }
        w.WriteLine("Dashboard, in the real service hosted in-process against the same database after the cycles (loopback HTTP, warm-up requests excluded):");
        w.WriteLine();
        w.WriteLine("| Request | Requests | Median | p95 | Response size |");
        w.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var t in r.Timings)
        {
            w.WriteLine(t.Note is null
                ? F($"| GET {t.Path} | {t.Requests} | {t.Median.TotalMilliseconds:F0} ms | {t.P95.TotalMilliseconds:F0} ms | {t.Bytes / 1024.0:N0} KiB |")
                : $"| GET {t.Path} | - | - | - | {t.Note} |");
        }
    }

    private static string Mib(long bytes) => F($"{bytes / 1048576.0:F0} MiB");

    private static string F(FormattableString s) => s.ToString(Inv);
}
