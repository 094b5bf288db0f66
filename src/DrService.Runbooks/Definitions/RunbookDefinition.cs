namespace DrService.Runbooks.Definitions;

/// <summary>What a runbook is for; one failover or failback per application may run at a time.</summary>
public enum RunbookKind
{
    Failover,
    Failback,
    Drill,
    Custom,
}

/// <summary>How an execution runs. A drill never touches production (DNS, replication) and cleans up what it made.</summary>
public enum ExecutionMode
{
    Production,
    Drill,
}

/// <summary>Which modes a step runs in; a step not meant for the execution's mode is recorded as Skipped.</summary>
[Flags]
public enum StepModes
{
    Production = 1,
    Drill = 2,
    Both = Production | Drill,
}

/// <summary>When a step waits for an approver before it runs.</summary>
public enum ApprovalMode
{
    /// <summary>No gate.</summary>
    None,

    /// <summary>Always gated (unless the execution was started with approvals waived by configuration).</summary>
    Required,

    /// <summary>Gated in production mode only; drills pass straight through.</summary>
    ProductionOnly,
}

/// <summary>
/// A runbook: a graph of steps, loaded from YAML or JSON (see <c>RunbookLoader</c>). Steps whose dependencies are
/// met run in parallel. Inputs are strings and may hold expressions: <c>${app}</c>, <c>${execution.id}</c>,
/// <c>${drill.id}</c> (empty outside drills), <c>${mode}</c> (production|drill), <c>${params.NAME}</c> (execution
/// parameters, e.g. from the application's configuration) and <c>${steps.STEP.OUTPUT}</c> (an output of a step that
/// the step depends on, directly or transitively).
/// </summary>
public sealed record RunbookDefinition
{
    /// <summary>Unique name, e.g. <c>tier-a-failover</c>.</summary>
    public required string Id { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public required RunbookKind Kind { get; init; }

    /// <summary>The tier this runbook serves (A, PilotLight, B), informational.</summary>
    public string? Tier { get; init; }

    public required IReadOnlyList<StepDefinition> Steps { get; init; }
}

/// <summary>One step of a runbook.</summary>
public sealed record StepDefinition
{
    /// <summary>Unique within the runbook: letters, digits, '-' and '_'.</summary>
    public required string Id { get; init; }

    /// <summary>The name of an <see cref="Actions.IStepAction"/> (e.g. <c>rds.promote-replica</c>).</summary>
    public required string Action { get; init; }

    public string? Title { get; init; }

    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Per attempt. Null: the engine's default.</summary>
    public TimeSpan? Timeout { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.None;

    public ApprovalMode Approval { get; init; } = ApprovalMode.None;

    /// <summary>
    /// The action that undoes this step's effect (cleanup), called with this step's resolved inputs overlaid with its
    /// outputs. Drills run every undo of a succeeded step, in reverse order, when they end (succeeded, failed or
    /// cancelled). Production executions never undo on their own: nothing is deleted on an error path.
    /// </summary>
    public string? Undo { get; init; }

    public StepModes RunIn { get; init; } = StepModes.Both;

    /// <summary>True on the step whose success means "the application is back" (the smoke test): RTO is measured to it.</summary>
    public bool MarksRecovery { get; init; }

    /// <summary>
    /// A condition: the step runs only when this text (expressions allowed) resolves to something non-empty, and is
    /// recorded Skipped with the reason otherwise (a smoke test with no URL configured: <c>when: ${params.smokeTestUrl}</c>).
    /// </summary>
    public string? When { get; init; }

    /// <summary>
    /// Fan-out: the step runs once per item of this kind (<c>databases</c>, <c>instances</c>...), each item its own
    /// step with its own journal entries, retries, outputs and undo (see <see cref="RunbookExpansion"/>). Inputs and
    /// the title may use <c>${item.FIELD}</c>. Null: an ordinary step.
    /// </summary>
    public string? ForEach { get; init; }

    /// <summary>Set by expansion on a fan-out step's copy for one item: the template step's id (null on ordinary steps).</summary>
    public string? Template { get; init; }

    /// <summary>Set by expansion: the item's key (the source resource's id) this copy runs for.</summary>
    public string? Item { get; init; }

    /// <summary>Set by expansion: the item's fields, what <c>${item.FIELD}</c> resolves to.</summary>
    public IReadOnlyDictionary<string, string>? ItemFields { get; init; }

    /// <summary>
    /// Set by expansion: for each template step this step references or depends on that was fanned out, the one
    /// expanded step whose outputs <c>${steps.TEMPLATE.OUTPUT}</c> reads here (the same item, or the item it is linked to).
    /// A fanned-out template step without a binding reads as every item's output joined with commas, in item order.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Bindings { get; init; }

    /// <summary>Set by expansion when the step's kind has no items: the step is recorded Skipped with this reason.</summary>
    public string? SkipReason { get; init; }
}

/// <summary>Attempts in all (1 = no retry) and the delay before the second attempt, multiplied after each failure.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Delay, double Multiplier = 2.0)
{
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero);
}
