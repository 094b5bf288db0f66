using System.Globalization;
using DrService.Backups.Engine;

namespace DrService.Bench.BackupCycle;

public sealed record CycleRun(int Number, TimeSpan Wall, Dictionary<(string Service, string Op), long> Calls, Dictionary<string, long> Minimum,
    List<BackupCycleResult> Outcomes, MemoryProbe Memory)
{
    public long Total => Calls.Values.Sum();

    /// <summary>CreateTags after CopyImage: only against an emulator (moto ignores CopyImage's TagSpecifications), not part of the minimum.</summary>
    public long EmulatorOnly => Calls.Where(c => c.Key.Op == "CreateTags").Sum(c => c.Value);

    public long MinimumTotal => Minimum.Values.Sum();
}

public sealed record CliComparison(int Copies, TimeSpan Cli, TimeSpan DrService, long DrServiceCalls);

/// <summary>The Markdown section for docs/performance.md.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Print(Scale scale, Estate estate, TimeSpan seeding, List<CycleRun> runs, TimeSpan poll, CliComparison cli)
    {
        var w = Console.Out;
        w.WriteLine();
        w.WriteLine("## Backup cycle at scale (moto server)");
        w.WriteLine();
        w.WriteLine(F($"Measured {DateTime.Now:yyyy-MM-dd} with:"));
        w.WriteLine();
        w.WriteLine("```");
        w.WriteLine($"dotnet run -c Release --project bench/DrService.Bench.BackupCycle{(scale.Name == "small" ? "" : $" -- --scale {scale.Name}")}");
        w.WriteLine("```");
        w.WriteLine();
        w.WriteLine(F($"Machine: {Environment.ProcessorCount} cores (shared), {MemTotalGiB():F1} GiB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}."));
        w.WriteLine(F($"Estate ({scale.Name}): {estate.Apps.Sum(a => a.Snapshots):N0} EBS snapshots of {estate.Apps.Sum(a => a.Volumes.Count):N0} volumes, {estate.Apps.Sum(a => a.Images):N0} AMIs of {estate.Apps.Sum(a => a.Instances.Count):N0} instances, {estate.Apps.Sum(a => a.DbSnapshots):N0} DB snapshots of {estate.Apps.Sum(a => a.DbInstances.Count):N0} DB instances; {estate.Apps.Count} applications, {estate.Apps.Count(a => a.Region != Estate.Primary)} of them in {Estate.Second} (Backup:SourceRegion), the rest in {Estate.Primary}; DR region {Estate.Dr}. Seeding (not measured): {seeding.TotalSeconds:F0} s. Applications run one after another; PollInterval {poll.TotalSeconds:F0} s."));
        w.WriteLine();
        w.WriteLine("| Cycle | Copies made | AWS calls | Minimum | Calls / minimum | Calls / minimum without emulator-only CreateTags | Wall | Managed heap peak over start | Allocated | Peak working set |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            w.WriteLine(F($"| {(r.Number == 1 ? "1: copies" : "2: steady state")} | {r.Outcomes.Sum(o => o.CopiesIssued):N0} | {r.Total:N0} | {r.MinimumTotal:N0} | {(double)r.Total / r.MinimumTotal:F2} | {(double)(r.Total - r.EmulatorOnly) / r.MinimumTotal:F2} | {r.Wall.TotalSeconds:F1} s | {Mib(r.Memory.HeapPeakDelta)} | {Mib(r.Memory.Allocated)} | {Mib(r.Memory.PeakWorkingSet)}{(r.Memory.PeakReset ? "" : " (process peak so far)")} |"));
        }
        w.WriteLine();
        w.WriteLine("| Operation | Cycle 1 calls | Cycle 1 minimum | Cycle 2 calls | Cycle 2 minimum |");
        w.WriteLine("|---|---:|---:|---:|---:|");
        var keys = runs.SelectMany(r => r.Calls.Keys.Select(k => $"{k.Service} {k.Op}").Concat(r.Minimum.Keys.Select(Qualify)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var cells = runs.Select(r =>
            {
                var calls = r.Calls.Where(c => $"{c.Key.Service} {c.Key.Op}" == key).Sum(c => c.Value);
                var min = r.Minimum.Where(m => Qualify(m.Key) == key).Sum(m => m.Value);
                return F($"{calls:N0} | {min:N0}");
            });
            w.WriteLine($"| {key} | {string.Join(" | ", cells)} |");
        }
        w.WriteLine();
        var perCli = cli.Cli.TotalMilliseconds / cli.Copies;
        var perDrs = cli.DrService.TotalMilliseconds / cli.Copies;
        w.WriteLine(F($"Side by side, same run: {cli.Copies} fresh EBS snapshots ({Estate.Primary} -> {Estate.Dr}) each way."));
        w.WriteLine();
        w.WriteLine("| Way | Copies | Wall | Per copy | AWS calls | Per copy vs DrService |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|");
        w.WriteLine(F($"| bash loop: `aws ec2 copy-snapshot` per snapshot | {cli.Copies} | {cli.Cli.TotalSeconds:F1} s | {perCli:F0} ms | {cli.Copies} | {perCli / perDrs:F1}x |"));
        w.WriteLine(F($"| DrService: one cycle of an application selecting those volumes | {cli.Copies} | {cli.DrService.TotalSeconds:F1} s | {perDrs:F0} ms | {cli.DrServiceCalls} | 1.0x |"));
        w.WriteLine();
        w.WriteLine("The CLI loop only copies: no discovery, no ownership tags, no copy records, no retention, no RPO.");
    }

    private static string Qualify(string op) => op switch
    {
        "DescribeDBInstances" or "DescribeDBSnapshots" or "CopyDBSnapshot" => $"rds {op}",
        _ => $"ec2 {op}",
    };

    private static string Mib(long bytes) => F($"{bytes / 1048576.0:F0} MiB");

    private static double MemTotalGiB()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return line is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv) / 1048576.0;
    }

    private static string F(FormattableString s) => s.ToString(Inv);
}
