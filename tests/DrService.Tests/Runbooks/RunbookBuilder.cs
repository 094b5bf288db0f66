using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;

namespace DrService.Tests.Runbooks;

/// <summary>Small runbook definitions and execution requests for the store and service tests.</summary>
internal sealed class RunbookBuilder
{
    private readonly string _id;
    private RunbookKind _kind = RunbookKind.Failover;
    private readonly List<StepDefinition> _steps = [];

    private RunbookBuilder(string id) => _id = id;

    public static RunbookBuilder For(string id) => new(id);

    public RunbookBuilder OfKind(RunbookKind kind)
    {
        _kind = kind;
        return this;
    }

    public RunbookBuilder Step(string id, string action, params string[] dependsOn)
    {
        _steps.Add(new StepDefinition
        {
            Id = id,
            Action = action,
            Title = $"Step {id}",
            DependsOn = dependsOn,
            Inputs = new Dictionary<string, string> { ["region"] = "${params.drRegion}" },
            Timeout = TimeSpan.FromMinutes(5),
            Retry = new RetryPolicy(3, TimeSpan.FromSeconds(2), 1.5),
            Approval = dependsOn.Length == 0 ? ApprovalMode.None : ApprovalMode.ProductionOnly,
            Undo = "noop.undo",
            RunIn = StepModes.Both,
            MarksRecovery = dependsOn.Length > 0,
        });
        return this;
    }

    public RunbookDefinition Build() => new()
    {
        Id = _id,
        Title = $"Runbook {_id}",
        Kind = _kind,
        Tier = "A",
        Steps = _steps.Count == 0 ? [new StepDefinition { Id = "only", Action = "noop" }] : [.. _steps],
    };

    public static NewExecution Request(RunbookDefinition runbook, string application = "orders", ExecutionMode mode = ExecutionMode.Production, string? key = null) => new()
    {
        Runbook = runbook,
        Application = application,
        Mode = mode,
        RequestedBy = "alice",
        Parameters = new Dictionary<string, string> { ["drRegion"] = "us-west-2", ["replica"] = "orders-db-replica" },
        RequestKey = key,
    };
}
