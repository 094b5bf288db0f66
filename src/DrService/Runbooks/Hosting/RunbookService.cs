using DrService.Configuration;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Planning;
using DrService.Storage;
using DrService.Telemetry;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Hosting;

/// <summary>A request to start a runbook for an application; a null runbook id takes the application's runbook for <c>Purpose</c>.</summary>
/// <remarks>
/// <see cref="AcceptProblems"/>: start even though the recovery inventory found problems of severity Error (an
/// operator's explicit choice, audited; the witness's automatic failover and scheduled drills always accept: a real
/// outage fails over with what there is, and a scheduled drill should run and show item by item what fails; the
/// accepted problems are listed in the start's audit record).
/// </remarks>
public sealed record StartRunbook(string? RunbookId, string Application, ExecutionMode Mode, string Actor, string? RequestKey = null,
    RunbookPurpose Purpose = RunbookPurpose.Failover, bool AcceptProblems = false);

/// <summary>A dry run and the inventory it was expanded over (items, the copies they would use, problems).</summary>
public sealed record RunbookPlanResult(RunbookPlan Plan, Inventory.RecoveryInventory Inventory);

/// <summary>The start was refused because the recovery inventory found problems (422), listed in <see cref="Problems"/>.</summary>
public sealed class RecoveryProblemsException(string application, IReadOnlyList<Inventory.RecoveryProblem> problems)
    : Exception($"{application} has {problems.Count(p => p.Severity == Inventory.ProblemSeverity.Error)} recovery problem(s); fix them or start with acceptProblems: "
        + string.Join("; ", problems.Where(p => p.Severity == Inventory.ProblemSeverity.Error).Select(p => p.ToString())))
{
    public IReadOnlyList<Inventory.RecoveryProblem> Problems { get; } = problems;
}

/// <summary>
/// What operators (through the API) and the witness (through the failover trigger) do with runbooks: start, plan,
/// approve, reject, cancel. Every change is journalled (decisions are journal entries any instance may write; the
/// owner picks them up) and audited with its actor and application.
/// </summary>
public sealed partial class RunbookService(
    IExecutionStore store,
    RunbookCatalog catalog,
    IStepActionCatalog actions,
    ExecutionSignals signals,
    RunbookExecutor executor,
    Inventory.RecoveryInventoryResolver inventories,
    IAuditLog audit,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time,
    ILogger<RunbookService> logger)
{
    public async Task<ExecutionRecord> StartAsync(StartRunbook request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = options.CurrentValue;
        var app = Application(current, request.Application);
        var runbook = request.RunbookId is { } id
            ? catalog.Find(id)?.Definition ?? throw new KeyNotFoundException($"No runbook '{id}'.")
            : catalog.For(request.Application, app, request.Mode == ExecutionMode.Drill ? RunbookPurpose.Drill : request.Purpose);
        var drill = request.Mode == ExecutionMode.Drill;
        // The inventory of what the application selects, resolved now: the stored runbook is expanded over it, so the
        // items that run are the ones this start checked (and the plan showed).
        var inventory = (await inventories.ResolveAsync(request.Application, cancellationToken)).For(runbook);
        var errors = inventory.Errors;
        if (errors.Count > 0 && !request.AcceptProblems)
        {
            var refusal = new RecoveryProblemsException(request.Application, inventory.Problems);
            LogRefused(logger, runbook.Id, request.Application, refusal.Message);
            await audit.RecordAsync(new AuditEntry(request.Actor, drill ? "drill.refused" : "runbook.refused", "denied", request.Application, runbook.Id,
                $"{errors.Count} recovery problem(s), not accepted: {string.Join("; ", errors.Select(e => e.ToString()))}"), cancellationToken);
            throw refusal;
        }
        ExecutionRecord created;
        try
        {
            created = await store.CreateAsync(new NewExecution
            {
                Runbook = RunbookExpansion.Expand(runbook, inventory.ToRunbookItems()),
                Application = request.Application,
                Mode = request.Mode,
                RequestedBy = request.Actor,
                Parameters = RunbookParameterSource.For(current, request.Application),
                WaiveApprovals = !drill && !RunbookParameterSource.RequiresApproval(app),
                RequestKey = request.RequestKey,
            }, cancellationToken);
        }
        catch (ExecutionConflictException ex)
        {
            LogRefused(logger, runbook.Id, request.Application, ex.Message);
            await audit.RecordAsync(new AuditEntry(request.Actor, drill ? "drill.refused" : "runbook.refused", "denied", request.Application,
                ex.ExistingExecutionId ?? runbook.Id, ex.Message), cancellationToken);
            throw;
        }
        ExecutionsStarted.Add(1, new KeyValuePair<string, object?>("runbook", runbook.Id), new KeyValuePair<string, object?>("mode", request.Mode.ToString()));
        LogStarted(logger, created.Id, runbook.Id, request.Application, request.Mode, request.Actor);
        await audit.RecordAsync(new AuditEntry(request.Actor, drill ? "drill.started" : "runbook.started", "succeeded", request.Application, created.Id,
            $"runbook {runbook.Id} ({runbook.Kind}) in {request.Mode} mode" + (request.RequestKey is null ? "" : $", request {request.RequestKey}")
            + (created.WaiveApprovals ? ", approvals waived by configuration" : "")
            + $", {inventory.Items.Count} item(s)"
            + (errors.Count > 0 ? $", {errors.Count} recovery problem(s) accepted: {string.Join("; ", errors.Select(e => e.ToString()))}" : "")), cancellationToken);
        executor.Wake();
        return created;
    }

    /// <summary>The application's runbook for <paramref name="purpose"/> (configured, else the tier's).</summary>
    public string RunbookIdFor(string application, RunbookPurpose purpose) =>
        catalog.RunbookIdFor(application, Application(options.CurrentValue, application), purpose);

    /// <summary>The dry run over the application's inventory as it is now: every item, the copy it would use, every problem.</summary>
    public async Task<RunbookPlanResult> PlanAsync(string runbookId, string application, ExecutionMode mode, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        Application(current, application);
        var runbook = catalog.Find(runbookId)?.Definition ?? throw new KeyNotFoundException($"No runbook '{runbookId}'.");
        var inventory = (await inventories.ResolveAsync(application, cancellationToken)).For(runbook);
        var plan = await RunbookPlanner.PlanAsync(RunbookExpansion.Expand(runbook, inventory.ToRunbookItems()), application, mode,
            RunbookParameterSource.For(current, application), actions, cancellationToken);
        return new RunbookPlanResult(plan, inventory);
    }

    public Task<JournalEntry> ApproveAsync(string executionId, string stepId, string actor, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(executionId, stepId, actor, reason, JournalEntryKind.StepApproved, "runbook.step.approved", cancellationToken);

    public Task<JournalEntry> RejectAsync(string executionId, string stepId, string actor, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(executionId, stepId, actor, reason, JournalEntryKind.StepRejected, "runbook.step.rejected", cancellationToken);

    public async Task<JournalEntry> CancelAsync(string executionId, string actor, string? reason, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(executionId, cancellationToken) ?? throw new KeyNotFoundException($"No execution '{executionId}'.");
        if (record.Phase.IsTerminal())
        {
            throw new RunbookRequestConflictException($"Execution {executionId} has already ended ({record.Phase}).");
        }
        var entry = await store.AppendAsync(executionId, new JournalEntry
        {
            Kind = JournalEntryKind.CancelRequested,
            At = time.GetUtcNow(),
            Actor = actor,
            Message = reason,
        }, cancellationToken);
        signals.Notify(executionId);
        executor.Wake();
        await audit.RecordAsync(new AuditEntry(actor, record.Mode == ExecutionMode.Drill ? "drill.cancel-requested" : "runbook.cancel-requested", "succeeded",
            record.Application, executionId, reason), cancellationToken);
        return entry;
    }

    private async Task<JournalEntry> DecideAsync(string executionId, string stepId, string actor, string? reason, JournalEntryKind kind, string action, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(executionId, cancellationToken) ?? throw new KeyNotFoundException($"No execution '{executionId}'.");
        var step = record.Runbook.Steps.FirstOrDefault(s => s.Id == stepId) ?? throw new KeyNotFoundException($"Execution {executionId} has no step '{stepId}'.");
        if (record.Phase.IsTerminal())
        {
            throw new RunbookRequestConflictException($"Execution {executionId} has already ended ({record.Phase}).");
        }
        var state = ExecutionState.Replay(record.Runbook, await store.ReadJournalAsync(executionId, 0, cancellationToken));
        var status = state[stepId];
        var gated = step.Approval == ApprovalMode.Required || (step.Approval == ApprovalMode.ProductionOnly && record.Mode == ExecutionMode.Production);
        if (!gated || record.WaiveApprovals)
        {
            throw new RunbookRequestConflictException($"Step '{stepId}' of execution {executionId} has no approval gate.");
        }
        if (status.State is not (StepState.Pending or StepState.WaitingForApproval) || status.Approval is ApprovalState.Approved or ApprovalState.Rejected)
        {
            throw new RunbookRequestConflictException($"Step '{stepId}' of execution {executionId} is {status.State} (approval {status.Approval}): nothing to decide.");
        }
        var entry = await store.AppendAsync(executionId, new JournalEntry
        {
            Kind = kind,
            At = time.GetUtcNow(),
            StepId = stepId,
            Attempt = status.NextAttempt,
            Actor = actor,
            Message = reason,
        }, cancellationToken);
        signals.Notify(executionId);
        await audit.RecordAsync(new AuditEntry(actor, action, "succeeded", record.Application, $"{executionId}/{stepId}", reason), cancellationToken);
        return entry;
    }

    private static ApplicationOptions Application(DrOptions options, string application) =>
        options.Applications.TryGetValue(application, out var app) ? app : throw new KeyNotFoundException($"No application '{application}'.");

    private static readonly System.Diagnostics.Metrics.Counter<long> ExecutionsStarted =
        DrTelemetry.Meter.CreateCounter<long>("dr.runbook.executions", "{execution}", "Runbook executions started, by runbook and mode");

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Runbook execution {ExecutionId} created: {Runbook} for {Application} in {Mode} mode by {Actor}")]
    private static partial void LogStarted(ILogger logger, string executionId, string runbook, string application, ExecutionMode mode, string actor);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Runbook {Runbook} for {Application} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string runbook, string application, string reason);
}

/// <summary>The request cannot be applied in the execution's current state (409).</summary>
public sealed class RunbookRequestConflictException(string message) : Exception(message);
