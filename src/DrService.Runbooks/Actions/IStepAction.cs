using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Actions;

/// <summary>
/// One kind of step (promote a replica, launch instances, smoke test...). Actions are small classes in the host; the
/// engine knows them only through this interface. Every action must be safe to call again after a crash: the engine
/// calls <see cref="CheckAsync"/> first when a step was running when the previous owner died.
/// </summary>
public interface IStepAction
{
    /// <summary>The name runbooks use, e.g. <c>rds.promote-replica</c>.</summary>
    string Name { get; }

    /// <summary>Its inputs and outputs, checked when a runbook is loaded.</summary>
    ActionSchema Schema { get; }

    /// <summary>Dry run: every call the step would make, without making any.</summary>
    Task<IReadOnlyList<PlannedCall>> PlanAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Idempotent check: has this step's effect already happened? Its result if so, null if not.</summary>
    Task<StepResult?> CheckAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Does the work (and waits for it where the action says "wait"); throws on failure.</summary>
    Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>Input names an action requires or accepts, and the outputs it promises.</summary>
public sealed record ActionSchema(IReadOnlyList<string> RequiredInputs, IReadOnlyList<string> OptionalInputs, IReadOnlyList<string> Outputs)
{
    public static ActionSchema Empty { get; } = new([], [], []);
}

/// <summary>One call a step would make: e.g. ("rds", "PromoteReadReplica", "us-west-2", "orders-db-replica").</summary>
public sealed record PlannedCall(string Service, string Operation, string Region, string Target, string? Note = null);

/// <summary>What a step produced. Well-known outputs: see <see cref="WellKnownOutputs"/>.</summary>
public sealed record StepResult(IReadOnlyDictionary<string, string> Outputs, string? Message = null)
{
    public static StepResult Empty { get; } = new(new Dictionary<string, string>());
}

public static class WellKnownOutputs
{
    /// <summary>ISO-8601 time of the newest data the step restored (snapshot time, replica's last replayed write); RPO achieved = start - the oldest of these.</summary>
    public const string RecoveryPoint = "recoveryPoint";

    /// <summary>Comma-separated ARNs or ids of what the step created (for cleanup and the drill sweeper).</summary>
    public const string Created = "created";

    /// <summary>The id of what now serves the item (restored DB, launched instance, created volume, promoted replica): reports list it per item.</summary>
    public const string Recovered = "recovered";

    /// <summary>The DR copy the step recovered from (AMI, EBS snapshot, DB or cluster snapshot id): reports list it per item.</summary>
    public const string Copy = "copy";
}

/// <summary>
/// A failure the action knows about. <see cref="Retryable"/> false stops retries at once (bad input, a resource
/// missing). Any other exception counts as retryable. <see cref="Code"/> is the AWS error code where there is one.
/// </summary>
public sealed class StepFailedException(string code, string message, bool retryable = false, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;

    public bool Retryable { get; } = retryable;
}

/// <summary>What an action sees of the execution it runs in.</summary>
public sealed class StepContext
{
    public required string ExecutionId { get; init; }

    public required string RunbookId { get; init; }

    public required string StepId { get; init; }

    public required string Application { get; init; }

    public required ExecutionMode Mode { get; init; }

    /// <summary>The execution id in drill mode (names and tags of what the drill creates carry it), else null.</summary>
    public string? DrillId => Mode == ExecutionMode.Drill ? ExecutionId : null;

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>Inputs with every expression resolved.</summary>
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>Writes a line to the step's log in the journal (shown live on the execution page).</summary>
    public required Func<string, CancellationToken, Task> Log { get; init; }

    public string Input(string name) =>
        Inputs.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new StepFailedException("MissingInput", $"Step '{StepId}' has no value for input '{name}'.");

    public string? OptionalInput(string name) => Inputs.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}

/// <summary>The actions the host registers, by name.</summary>
public interface IStepActionCatalog
{
    IStepAction? Find(string name);

    IReadOnlyCollection<IStepAction> All { get; }
}
