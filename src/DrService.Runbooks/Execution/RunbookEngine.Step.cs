using System.Diagnostics;
using DrService.Runbooks.Actions;

namespace DrService.Runbooks.Execution;

public sealed partial class RunbookEngine
{
    private sealed partial class ExecutionRun
    {
        /// <summary>
        /// One step, all its attempts. Appends go on <c>abort</c> (not the step's token) so that a cancelled
        /// step can still record it; when <c>abort</c> fires the task throws and writes nothing more.
        /// </summary>
        private async Task RunStepAsync(StepStart start, CancellationToken cancel)
        {
            await Task.Yield();
            var step = start.Step;
            var attempt = start.Attempt;
            var action = engine.catalog.Find(step.Action);
            if (action is null || start.Unresolved is not null)
            {
                var (code, message) = action is null
                    ? ("UnknownAction", $"No action named '{step.Action}' is registered")
                    : ("MissingInput", start.Unresolved!);
                await AppendAsync(StepEntry(JournalEntryKind.StepFailed, step.Id, attempt) with { Code = code, Message = message });
                RunbookTelemetry.Count(step.Action, "failed");
                return;
            }

            var checkFirst = start.Resume;
            try
            {
                if (!start.Resume && start.DueAt is { } due && due > Now)
                {
                    await Task.Delay(due - Now, engine.time, cancel);
                }
                while (true)
                {
                    Outcome outcome;
                    if (checkFirst)
                    {
                        checkFirst = false;
                        outcome = await AttemptAsync(action, step, attempt, start.Inputs!, check: true, cancel);
                        if (outcome.Kind == OutcomeKind.Succeeded && outcome.Result is null)
                        {
                            if (start.CheckOnly)
                            {
                                await AppendAsync(StepEntry(JournalEntryKind.StepCancelled, step.Id, attempt) with { Message = "Interrupted, not resumed: the execution is stopping" });
                                return;
                            }
                            continue; // its effect did not happen: run the attempt again
                        }
                    }
                    else
                    {
                        await AppendAsync(StepEntry(JournalEntryKind.StepStarting, step.Id, attempt) with { Data = start.Inputs });
                        outcome = await AttemptAsync(action, step, attempt, start.Inputs!, check: false, cancel);
                    }

                    switch (outcome.Kind)
                    {
                        case OutcomeKind.Succeeded:
                            await AppendAsync(StepEntry(JournalEntryKind.StepSucceeded, step.Id, attempt) with
                            {
                                Data = outcome.Result!.Outputs,
                                Message = outcome.Result.Message,
                            });
                            return;
                        case OutcomeKind.Cancelled:
                            await AppendAsync(StepEntry(JournalEntryKind.StepCancelled, step.Id, attempt) with { Message = "Cancelled while running" });
                            return;
                        case OutcomeKind.Failed when outcome.Retryable && attempt < step.Retry.MaxAttempts && !start.CheckOnly:
                            var delay = step.Retry.Delay * Math.Pow(step.Retry.Multiplier, attempt - 1);
                            var dueAt = Now + delay;
                            await AppendAsync(StepEntry(JournalEntryKind.StepRetryScheduled, step.Id, attempt + 1) with
                            {
                                Code = outcome.Code,
                                Message = outcome.Message,
                                Data = new Dictionary<string, string> { ["dueAt"] = Iso(dueAt), ["delay"] = delay.ToString("c", null) },
                            });
                            await Task.Delay(delay, engine.time, cancel);
                            attempt++;
                            break;
                        default:
                            await AppendAsync(StepEntry(JournalEntryKind.StepFailed, step.Id, attempt) with { Code = outcome.Code, Message = outcome.Message });
                            return;
                    }
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                // Cancelled while waiting for a retry or a scheduled start.
                await AppendAsync(StepEntry(JournalEntryKind.StepCancelled, step.Id, attempt) with { Message = "Cancelled before its next attempt" });
                RunbookTelemetry.Count(step.Action, "cancelled");
            }
        }

        /// <summary>
        /// Waits, up to <see cref="RunbookEngineOptions.CancelGrace"/>, for a cancelled call to return, so that its
        /// effect (or its absence) is settled before a retry or another owner's check; whatever it ends with is
        /// dropped, since the attempt's outcome is already decided by the cancellation.
        /// </summary>
        private static async Task<StepResult?> Nullable(Task<StepResult> call) => await call;

        private async Task SettleAsync(Task call)
        {
            try
            {
                await call.WaitAsync(engine.options.CancelGrace, engine.time);
            }
#pragma warning disable CA1031 // the call's own ending no longer matters; a call still running after the grace is left behind
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        /// <summary>One call of the action (or its check) under the step's timeout; never throws except on abort.</summary>
        private async Task<Outcome> AttemptAsync(IStepAction action, Definitions.StepDefinition step, int attempt,
            IReadOnlyDictionary<string, string> inputs, bool check, CancellationToken cancel)
        {
            var timeout = step.Timeout ?? engine.options.DefaultStepTimeout;
            using var activity = RunbookTelemetry.Source.StartActivity(check ? "Runbook.StepCheck" : "Runbook.Step");
            activity?.SetTag("dr.execution.id", Id);
            activity?.SetTag("dr.step.id", step.Id);
            activity?.SetTag("dr.action", step.Action);
            activity?.SetTag("dr.attempt", attempt);
            var started = engine.time.GetTimestamp();
            var context = Context(step.Id, attempt, inputs);
            using var deadline = new CancellationTokenSource(timeout, engine.time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline.Token);
            Outcome outcome;
            try
            {
                var call = check ? action.CheckAsync(context, linked.Token) : Nullable(action.ExecuteAsync(context, linked.Token));
                StepResult? result;
                try
                {
                    result = await call.WaitAsync(linked.Token);
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    await SettleAsync(call);
                    throw;
                }
                outcome = new Outcome(OutcomeKind.Succeeded, result);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "aborted");
                throw;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                outcome = new Outcome(OutcomeKind.Cancelled);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                outcome = new Outcome(OutcomeKind.Failed, Code: "Timeout", Message: $"Step '{step.Id}' did not finish within {timeout:c} (attempt {attempt})", Retryable: true);
            }
            catch (StepFailedException e)
            {
                outcome = new Outcome(OutcomeKind.Failed, Code: e.Code, Message: e.Message, Retryable: e.Retryable);
            }
#pragma warning disable CA1031 // the step boundary: every failure becomes a recorded outcome
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = new Outcome(OutcomeKind.Failed, Code: e.GetType().Name, Message: e.Message, Retryable: true);
            }

            var label = outcome.Kind switch
            {
                OutcomeKind.Succeeded => check ? (outcome.Result is null ? "check-not-done" : "check-done") : "succeeded",
                OutcomeKind.Cancelled => "cancelled",
                _ when outcome.Code == "Timeout" => "timeout",
                _ => outcome.Retryable && attempt < step.Retry.MaxAttempts ? "retried" : "failed",
            };
            var seconds = engine.time.GetElapsedTime(started).TotalSeconds;
            RunbookTelemetry.Count(step.Action, label);
            RunbookTelemetry.StepDuration.Record(seconds, new KeyValuePair<string, object?>("action", step.Action), new KeyValuePair<string, object?>("outcome", label));
            activity?.SetTag("dr.outcome", label);
            if (outcome.Kind == OutcomeKind.Failed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, $"{outcome.Code}: {outcome.Message}");
            }
            return outcome;
        }

        private StepContext Context(string stepId, int attempt, IReadOnlyDictionary<string, string> inputs) => new()
        {
            ExecutionId = Id,
            RunbookId = Definition.Id,
            StepId = stepId,
            Application = record.Application,
            Mode = record.Mode,
            Attempt = attempt,
            Inputs = inputs,
            Log = (line, _) => AppendAsync(StepEntry(JournalEntryKind.StepLog, stepId, attempt) with { Message = line }),
        };

        private enum OutcomeKind
        {
            Succeeded,
            Failed,
            Cancelled,
        }

        private sealed record Outcome(OutcomeKind Kind, StepResult? Result = null, string? Code = null, string? Message = null, bool Retryable = false);
    }
}
