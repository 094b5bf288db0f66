using System.Globalization;
using DrService.Bench.Runbooks;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Reporting;

// dotnet run -c Release --project bench/DrService.Bench.Runbooks
// Real clock: each step waits its simulated duration (100-400 ms); what is measured beyond the critical path of those
// durations is the engine's own overhead (journal appends and reads, scheduling, lease renewal), on the in-memory store.
const int Runs = 5;
// The production defaults (Runbooks:MaxParallelSteps is 256: every item of a fan-out of 50 runs at once).
var options = new RunbookEngineOptions { PollInterval = TimeSpan.FromSeconds(1), LeaseDuration = TimeSpan.FromSeconds(30), MaxParallelSteps = 256 };
var action = new WaitAction();
var scenarios = new (string Name, Func<int, RunbookDefinition> Build)[]
{
    ("Tier A shape (8 steps, 2 branches)", _ => Shapes.TierA()),
    ("Tier B shape (9 steps, 2 chains)", _ => Shapes.TierB()),
    ("Wide/deep graph (50 steps, 10 layers of 5)", Shapes.WideDeep),
    ("Fan-out tier B, N = 1 (1 DB, 1 instance, 1 volume, 2 records)", seed => Shapes.FanOut(1, seed)),
    ("Fan-out tier B, N = 10", seed => Shapes.FanOut(10, seed)),
    ("Fan-out tier B, N = 50", seed => Shapes.FanOut(50, seed)),
};

// Warm-up: JIT and thread pool, not measured.
await RunOnceAsync(Shapes.TierA());

// Baseline: how late a bare Task.Delay of the same sizes wakes on this machine (timer and thread-pool latency).
var overshoot = new List<double>();
foreach (var ms in new[] { 100, 200, 300, 400, 150, 250, 350, 120, 220, 320 })
{
    var started = TimeProvider.System.GetTimestamp();
    await Task.Delay(ms);
    overshoot.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds - ms);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Baseline: a bare Task.Delay of 100-400 ms wakes {overshoot.Average():F1} ms late on average on this machine."));
Console.WriteLine($"Runs per scenario: {Runs} (median shown); poll interval {options.PollInterval.TotalSeconds:0} s, max {options.MaxParallelSteps} steps at once.");
Console.WriteLine();
Console.WriteLine("| Scenario | Steps | Critical path (simulated) | Measured (start to end) | Ratio | Overhead per critical-path step | Mean in-step overhead | Mean start latency |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, build) in scenarios)
{
    var results = new List<Result>();
    for (var run = 0; run < Runs; run++)
    {
        results.Add(await RunOnceAsync(build(42)));
    }
    var median = results.OrderBy(r => r.Ratio).ElementAt(Runs / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {median.Steps} | {median.CriticalPath.TotalMilliseconds:N0} ms | {median.Measured.TotalMilliseconds:N0} ms | {median.Ratio:F3} | {median.PerPathStep.TotalMilliseconds:F1} ms | {median.InStep.TotalMilliseconds:F1} ms | {median.StartLatency.TotalMilliseconds:F1} ms |"));
}

async Task<Result> RunOnceAsync(RunbookDefinition runbook)
{
    var store = new InMemoryExecutionStore(TimeProvider.System);
    var engine = new RunbookEngine(store, action, options, TimeProvider.System);
    var execution = await store.CreateAsync(new NewExecution { Runbook = runbook, Application = "bench", Mode = ExecutionMode.Production, RequestedBy = "bench" }, default);
    await engine.RunAsync(execution.Id, "bench", default);
    var journal = await store.ReadJournalAsync(execution.Id, 0, default);
    var report = ExecutionReport.From((await store.GetAsync(execution.Id, default))!, journal);
    var simulated = runbook.Steps.ToDictionary(s => s.Id, Shapes.Simulated);
    var (path, critical) = ExecutionReport.CriticalPathOf(runbook, simulated);
    var measured = report.TotalDuration!.Value;
    // In-step: StepStarting to StepSucceeded minus the simulated wait. Start latency: last dependency's success to StepStarting.
    var inStep = report.Steps.Select(s => s.Duration!.Value - simulated[s.Id]).Average(t => t.TotalMilliseconds);
    var ends = report.Steps.ToDictionary(s => s.Id, s => s.EndedAt!.Value);
    var latency = runbook.Steps.Select(s => report.Steps.Single(t => t.Id == s.Id).StartedAt!.Value
        - (s.DependsOn.Count == 0 ? report.StartedAt!.Value : s.DependsOn.Max(d => ends[d]))).Average(t => t.TotalMilliseconds);
    return new Result(runbook.Steps.Count, critical, measured, (measured - critical) / path.Count, TimeSpan.FromMilliseconds(inStep), TimeSpan.FromMilliseconds(latency));
}

internal sealed record Result(int Steps, TimeSpan CriticalPath, TimeSpan Measured, TimeSpan PerPathStep, TimeSpan InStep, TimeSpan StartLatency)
{
    public double Ratio => Measured / CriticalPath;
}
