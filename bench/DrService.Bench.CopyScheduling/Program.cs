using System.Globalization;
using DrService.Backups.Model;
using DrService.Backups.Queue;
using DrService.Bench.CopyScheduling;

// dotnet run -c Release --project bench/DrService.Bench.CopyScheduling
// Simulated time only: the output is the same on every machine and every run.
var limits = new CopyLimits();
Workload Mixed() => new Workload(seed: 1)
    .Add(ArtifactKind.EbsSnapshot, 2000, 5, 60)
    .Add(ArtifactKind.Image, 300, 10, 90, "us-east-1")
    .Add(ArtifactKind.Image, 200, 10, 90, "us-east-2")
    .Add(ArtifactKind.DbSnapshot, 150, 10, 120)
    .Add(ArtifactKind.DbClusterSnapshot, 50, 10, 120);

var scenarios = new (string Name, Workload Workload, double Errors, bool Known)[]
{
    ("Mixed: 2,000 EBS + 500 AMI (2 sources) + 200 RDS", Mixed(), 0, true),
    ("Mixed, durations unknown to the scheduler", Mixed(), 0, false),
    ("Mixed, 5 % of starts refused (ResourceLimitExceeded)", Mixed(), 0.05, true),
    ("Mixed, 20 % of starts refused", Mixed(), 0.20, true),
    ("One long copy dominating: 300 EBS + one 12 h EBS due last", new Workload(2).Add(ArtifactKind.EbsSnapshot, 300, 5, 60, veryLong: 0).AddLast(ArtifactKind.EbsSnapshot, TimeSpan.FromHours(12)), 0, true),
    ("All one lane: 1,000 AMI from one source region", new Workload(3).Add(ArtifactKind.Image, 1000, 10, 90), 0, true),
    ("Small batch: 30 EBS, none refused", new Workload(5).Add(ArtifactKind.EbsSnapshot, 30, 5, 60, veryLong: 0), 0, true),
    ("Small batch: 30 EBS, 20 % of starts refused", new Workload(5).Add(ArtifactKind.EbsSnapshot, 30, 5, 60, veryLong: 0), 0.20, true),
    ("All one lane: 1,000 RDS, 5 % refused", new Workload(4).Add(ArtifactKind.DbSnapshot, 1000, 10, 120), 0.05, true),
};

Console.WriteLine($"Limits per destination region: AMI {limits.ImageCopies} ({limits.ImageCopiesPerSourceRegion} per source region), EBS {limits.EbsSnapshotCopies}, RDS {limits.DbSnapshotCopies}; backoff 30 s doubling to 10 min, 20 % jitter.");
Console.WriteLine();
Console.WriteLine("| Scenario | Copies | Refusals retried | Makespan | Lower bound (binding lane) | Ratio |");
Console.WriteLine("|---|---:|---:|---:|---|---:|");
var seed = 100;
foreach (var (name, workload, errors, known) in scenarios)
{
    var result = Simulation.Run(workload.Copies, limits, errors, known, seed++);
    var bound = LowerBound.Of(workload.Copies, limits);
    var ratio = result.Makespan / bound.Makespan;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {workload.Copies.Count:N0} | {result.Retries:N0} | {Hours(result.Makespan)} | {Hours(bound.Makespan)} ({bound.Lane}) | {ratio:F3} |"));
}

static string Hours(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}");
