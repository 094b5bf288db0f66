using System.Diagnostics;
using System.Globalization;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Expressions;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Execution;

public sealed partial class RunbookEngine
{
    /// <summary>
    /// One execution under this owner's lease. A single coordinator loop folds the journal and starts ready steps;
    /// each running step is a task that appends its own entries. Only the coordinator touches <see cref="state"/>.
    /// </summary>
    private sealed partial class ExecutionRun(RunbookEngine engine, ExecutionRecord record, string owner, CancellationToken abort)
    {
        private readonly ExecutionState state = new(record.Runbook);
        private readonly Dictionary<string, InFlight> inFlight = new(StringComparer.Ordinal);
        private bool cancelIssued;

        public Phase CurrentPhase { get; private set; } = record.Phase;

        private string Id => record.Id;

        private RunbookDefinition Definition => record.Runbook;

        public async Task<Phase> ExecuteAsync()
        {
            using var activity = RunbookTelemetry.Source.StartActivity("Runbook.Execution");
            activity?.SetTag("dr.execution.id", Id);
            activity?.SetTag("dr.runbook", Definition.Id);
            activity?.SetTag("dr.app", record.Application);
            activity?.SetTag("dr.mode", record.Mode.ToString());
            activity?.SetTag("dr.owner", owner);

            await CatchUpAsync();
            if (state.Ended is { } ended)
            {
                await MoveToAsync(ended.Phase, ended.Error);
                return ended.Phase;
            }
            if (state.StartedAt is null)
            {
                await AppendAsync(new JournalEntry { Kind = JournalEntryKind.ExecutionStarted, At = Now, Actor = owner, Message = $"{record.Mode} run of '{Definition.Id}' for '{record.Application}'" });
            }
            if (CurrentPhase == Phase.Pending)
            {
                await MoveToAsync(Phase.Running, null);
            }

            Phase outcome;
            string? error;
            try
            {
                (outcome, error) = await RunStepsAsync();
            }
            catch
            {
                await StopAllAsync();
                throw;
            }
            if (record.Mode == ExecutionMode.Drill)
            {
                (outcome, error) = await UndoAsync(outcome, error);
            }
            await AppendAsync(new JournalEntry
            {
                Kind = JournalEntryKind.ExecutionEnded,
                At = Now,
                Actor = owner,
                Message = error,
                Data = new Dictionary<string, string> { ["phase"] = outcome.ToString() },
            });
            await MoveToAsync(outcome, error);
            activity?.SetTag("dr.outcome", outcome.ToString());
            if (outcome != Phase.Succeeded)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error);
            }
            return outcome;
        }

        private DateTimeOffset Now => engine.time.GetUtcNow();

        private async Task<(Phase Phase, string? Error)> RunStepsAsync()
        {
            while (true)
            {
                abort.ThrowIfCancellationRequested();
                var wake = engine.signals.NextAsync(Id);
                await ReapAsync();
                await CatchUpAsync();
                if (state.CancelRequested && !cancelIssued)
                {
                    cancelIssued = true;
                    foreach (var running in inFlight.Values)
                    {
                        await running.Cancel.CancelAsync();
                    }
                }

                var changed = state.Stop is null ? await ScheduleAsync() : await WindDownAsync();
                if (changed)
                {
                    continue;
                }
                if (inFlight.Count == 0)
                {
                    if (state.Stop is { } stop)
                    {
                        return (stop.Phase, stop.Error);
                    }
                    if (state.Steps.All(s => s.State is StepState.Succeeded or StepState.Skipped))
                    {
                        return (Phase.Succeeded, null);
                    }
                }
                var paused = inFlight.Count == 0 && state.Steps.Any(s => s.State == StepState.WaitingForApproval);
                if (!paused && inFlight.Count == 0)
                {
                    // Nothing runs, nothing waits for approval, and not done: the graph cannot progress.
                    return (Phase.Failed, "No step can start: " + string.Join(", ", state.Steps.Where(s => !s.IsTerminal).Select(s => $"{s.Id} ({s.State})")));
                }
                await MoveToAsync(paused ? Phase.Paused : Phase.Running, null);
                await WaitAsync(wake);
            }
        }

        /// <summary>Starts, skips or gates every ready step; true when it appended something (fold again).</summary>
        private async Task<bool> ScheduleAsync()
        {
            var changed = false;
            foreach (var step in state.Steps)
            {
                if (inFlight.ContainsKey(step.Id))
                {
                    continue;
                }
                if (step.State == StepState.Running)
                {
                    Start(step, resume: true, checkOnly: false); // the previous owner died while it ran
                    continue;
                }
                if (step.State != StepState.Pending || !step.Definition.DependsOn.All(d => state[d].State is StepState.Succeeded or StepState.Skipped))
                {
                    continue;
                }
                if (step.Definition.SkipReason is { } reason)
                {
                    await AppendAsync(StepEntry(JournalEntryKind.StepSkipped, step.Id, 0) with { Message = reason });
                    RunbookTelemetry.Count(step.Definition.Action, "skipped");
                    changed = true;
                }
                else if (!step.Definition.RunIn.HasFlag(record.Mode == ExecutionMode.Drill ? StepModes.Drill : StepModes.Production))
                {
                    await AppendAsync(StepEntry(JournalEntryKind.StepSkipped, step.Id, 0) with { Message = $"Runs in {step.Definition.RunIn} only; this is a {record.Mode.ToString().ToLowerInvariant()} run" });
                    RunbookTelemetry.Count(step.Definition.Action, "skipped");
                    changed = true;
                }
                else if (step.Definition.When is { } when && Condition(step.Definition, when) is { } unmet)
                {
                    await AppendAsync(StepEntry(unmet.Failed ? JournalEntryKind.StepFailed : JournalEntryKind.StepSkipped, step.Id, 0) with
                    {
                        Code = unmet.Failed ? "MissingInput" : null,
                        Message = unmet.Message,
                    });
                    RunbookTelemetry.Count(step.Definition.Action, unmet.Failed ? "failed" : "skipped");
                    changed = true;
                }
                else if (NeedsApproval(step.Definition) && step.Approval != ApprovalState.Approved)
                {
                    await AppendAsync(StepEntry(JournalEntryKind.StepAwaitingApproval, step.Id, 0) with { Message = "Waiting for an approver" });
                    changed = true;
                }
                else if (inFlight.Count < engine.options.MaxParallelSteps)
                {
                    Start(step, resume: false, checkOnly: false);
                }
            }
            return changed;
        }

        /// <summary>After a cancel, a rejection or a final failure: no new step starts; what waits is cancelled.</summary>
        private async Task<bool> WindDownAsync()
        {
            var changed = false;
            foreach (var step in state.Steps.Where(s => !inFlight.ContainsKey(s.Id)))
            {
                if (step.State == StepState.Running)
                {
                    Start(step, resume: true, checkOnly: true); // resumed while stopping: record what happened, run nothing new
                }
                else if (step.State == StepState.WaitingForApproval || (step.State == StepState.Pending && state.CancelRequested))
                {
                    await AppendAsync(StepEntry(JournalEntryKind.StepCancelled, step.Id, step.Attempt) with { Message = state.Stop!.Error });
                    RunbookTelemetry.Count(step.Definition.Action, "cancelled");
                    changed = true;
                }
            }
            return changed;
        }

        /// <summary>Null when the step's <c>when</c> holds; else why it is skipped (or fails: an expression without a value).</summary>
        private (bool Failed, string Message)? Condition(StepDefinition step, string when)
        {
            try
            {
                var value = StepScopes.For(step, state.Steps, record.Application, Id, record.Mode, record.Parameters).Resolve(when);
                return string.IsNullOrWhiteSpace(value) ? (false, $"Condition 'when: {when}' is empty") : null;
            }
            catch (ExpressionResolutionException e)
            {
                return (true, $"Condition 'when: {when}': {e.Message}");
            }
        }

        private bool NeedsApproval(StepDefinition step) => !record.WaiveApprovals
            && (step.Approval == ApprovalMode.Required || (step.Approval == ApprovalMode.ProductionOnly && record.Mode == ExecutionMode.Production));

        private void Start(StepStatus step, bool resume, bool checkOnly)
        {
            var scope = StepScopes.For(step.Definition, state.Steps, record.Application, Id, record.Mode, record.Parameters);
            IReadOnlyDictionary<string, string>? inputs = null;
            string? unresolved = null;
            try
            {
                inputs = scope.ResolveAll(step.Definition.Inputs);
            }
            catch (ExpressionResolutionException e)
            {
                unresolved = e.Message;
            }
            var start = new StepStart(step.Definition, resume ? step.Attempt : step.NextAttempt, step.RetryDueAt, resume, checkOnly, inputs, unresolved);
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(abort);
            if (cancelIssued)
            {
                cancel.Cancel();
            }
            inFlight[step.Id] = new InFlight(RunStepAsync(start, cancel.Token), cancel);
        }

        /// <summary>Observes finished step tasks; a task that threw (store failure, lost lease) stops the run.</summary>
        private async Task ReapAsync()
        {
            foreach (var (id, running) in inFlight.Where(kv => kv.Value.Task.IsCompleted).ToList())
            {
                inFlight.Remove(id);
                running.Cancel.Dispose();
                await running.Task;
            }
        }

        private async Task StopAllAsync()
        {
            foreach (var running in inFlight.Values)
            {
                await running.Cancel.CancelAsync();
            }
            try
            {
                await Task.WhenAll(inFlight.Values.Select(r => r.Task));
            }
#pragma warning disable CA1031 // the first failure is the one rethrown by the caller
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            foreach (var running in inFlight.Values)
            {
                running.Cancel.Dispose();
            }
            inFlight.Clear();
        }

        private async Task WaitAsync(Task wake)
        {
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(abort);
            var tick = Task.Delay(engine.options.PollInterval, engine.time, poll.Token);
            await Task.WhenAny(inFlight.Values.Select(r => r.Task).Append(wake).Append(tick));
            await poll.CancelAsync();
        }

        private async Task CatchUpAsync()
        {
            foreach (var entry in await engine.store.ReadJournalAsync(Id, state.LastSequence, abort))
            {
                state.Apply(entry);
            }
        }

        private async Task<JournalEntry> AppendAsync(JournalEntry entry) => await engine.store.AppendAsync(Id, entry, abort);

        private JournalEntry StepEntry(JournalEntryKind kind, string stepId, int attempt) =>
            new() { Kind = kind, At = Now, StepId = stepId, Attempt = attempt, Actor = owner };

        private async Task MoveToAsync(Phase phase, string? error)
        {
            if (CurrentPhase == phase)
            {
                return;
            }
            if (!PhaseTransitions.CanMove(CurrentPhase, phase) && PhaseTransitions.CanMove(CurrentPhase, Phase.Running))
            {
                await engine.store.SetPhaseAsync(Id, Phase.Running, null, abort);
                CurrentPhase = Phase.Running;
            }
            if (CurrentPhase != phase)
            {
                await engine.store.SetPhaseAsync(Id, phase, error, abort);
                CurrentPhase = phase;
            }
        }

        private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

        private sealed record InFlight(Task Task, CancellationTokenSource Cancel);

        private sealed record StepStart(
            StepDefinition Step, int Attempt, DateTimeOffset? DueAt, bool Resume, bool CheckOnly,
            IReadOnlyDictionary<string, string>? Inputs, string? Unresolved);
    }
}
