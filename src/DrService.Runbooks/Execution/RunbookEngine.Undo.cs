using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Execution;

public sealed partial class RunbookEngine
{
    private sealed partial class ExecutionRun
    {
        /// <summary>
        /// Drill cleanup: the undo of every succeeded step, newest completion first, one at a time. An undo that
        /// already succeeded is not run again; one that was running when the owner died is checked first; a failed undo
        /// is recorded and the others still run. A run that succeeded but left something behind is PartiallyFailed.
        /// </summary>
        private async Task<(Phase Phase, string? Error)> UndoAsync(Phase outcome, string? error)
        {
            await CatchUpAsync();
            var failures = new List<string>();
            var toUndo = state.Steps
                .Where(s => s.State == StepState.Succeeded && !string.IsNullOrEmpty(s.Definition.Undo))
                .OrderByDescending(s => s.SucceededSequence)
                .ToList();
            foreach (var step in toUndo)
            {
                if (step.Undo == UndoState.Succeeded)
                {
                    continue;
                }
                if (step.Undo == UndoState.Failed)
                {
                    failures.Add($"{step.Id} ({step.UndoError})");
                    continue;
                }
                var failure = await UndoStepAsync(step);
                if (failure is not null)
                {
                    failures.Add($"{step.Id} ({failure})");
                }
                await CatchUpAsync();
            }
            if (failures.Count == 0)
            {
                return (outcome, error);
            }
            var cleanup = $"Cleanup failed for {string.Join(", ", failures)}; what those steps created may be left behind";
            return (outcome == Phase.Succeeded ? Phase.PartiallyFailed : outcome, error is null ? cleanup : $"{error}. {cleanup}");
        }

        /// <summary>Null when the undo succeeded, else "code: message".</summary>
        private async Task<string?> UndoStepAsync(StepStatus step)
        {
            var undoName = step.Definition.Undo!;
            var action = engine.catalog.Find(undoName);
            if (action is null)
            {
                var message = $"No action named '{undoName}' is registered";
                await AppendAsync(StepEntry(JournalEntryKind.UndoFailed, step.Id, 1) with { Code = "UnknownAction", Message = message });
                return $"UnknownAction: {message}";
            }
            var inputs = new Dictionary<string, string>(step.Inputs, StringComparer.Ordinal);
            foreach (var (name, value) in step.Outputs)
            {
                inputs[name] = value;
            }
            var definition = step.Definition with { Id = step.Id, Action = undoName, Retry = Definitions.RetryPolicy.None };
            if (step.Undo == UndoState.Running)
            {
                var checkedOutcome = await AttemptAsync(action, definition, 1, inputs, check: true, CancellationToken.None);
                if (checkedOutcome is { Kind: OutcomeKind.Succeeded, Result: { } found })
                {
                    await AppendAsync(StepEntry(JournalEntryKind.UndoSucceeded, step.Id, 1) with { Data = found.Outputs, Message = found.Message });
                    return null;
                }
            }
            await AppendAsync(StepEntry(JournalEntryKind.UndoStarting, step.Id, 1) with { Data = inputs, Message = undoName });
            var outcome = await AttemptAsync(action, definition, 1, inputs, check: false, CancellationToken.None);
            if (outcome is { Kind: OutcomeKind.Succeeded, Result: { } result })
            {
                await AppendAsync(StepEntry(JournalEntryKind.UndoSucceeded, step.Id, 1) with { Data = result.Outputs, Message = result.Message });
                return null;
            }
            await AppendAsync(StepEntry(JournalEntryKind.UndoFailed, step.Id, 1) with { Code = outcome.Code, Message = outcome.Message });
            return $"{outcome.Code}: {outcome.Message}";
        }
    }
}
