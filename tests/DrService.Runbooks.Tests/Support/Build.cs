using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;

namespace DrService.Runbooks.Tests.Support;

/// <summary>Builders for runbooks, engines and executions in tests.</summary>
public static class Build
{
    public static StepDefinition Step(string id, string action = "test.work", params string[] dependsOn) =>
        new() { Id = id, Action = action, DependsOn = dependsOn };

    public static RunbookDefinition Runbook(params StepDefinition[] steps) =>
        new() { Id = "test-runbook", Kind = RunbookKind.Custom, Steps = steps };

    public static RunbookEngineOptions Options(TimeSpan? poll = null) => new()
    {
        PollInterval = poll ?? TimeSpan.FromMilliseconds(10),
        LeaseDuration = TimeSpan.FromMinutes(1),
        DefaultStepTimeout = TimeSpan.FromSeconds(10),
        MaxParallelSteps = 8,
    };

    public static Task<ExecutionRecord> CreateAsync(IExecutionStore store, RunbookDefinition runbook, ExecutionMode mode = ExecutionMode.Production,
        IReadOnlyDictionary<string, string>? parameters = null, bool waive = false) =>
        store.CreateAsync(new NewExecution
        {
            Runbook = runbook,
            Application = "orders",
            Mode = mode,
            RequestedBy = "tester",
            Parameters = parameters ?? new Dictionary<string, string>(),
            WaiveApprovals = waive,
        }, default);

    /// <summary>Bounded: a hang fails the test instead of the run.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(20));
}
