using System.Collections.Concurrent;

namespace DrService.Runbooks.Execution;

/// <summary>
/// Wakes an execution's owner at once when a decision or cancel was appended in this process (otherwise the owner
/// sees it at its next poll). One instance per process, shared by the API and the engine.
/// </summary>
public sealed class ExecutionSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiters = new(StringComparer.Ordinal);

    /// <summary>Call after appending to <paramref name="executionId"/>'s journal.</summary>
    public void Notify(string executionId)
    {
        if (waiters.TryRemove(executionId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Completes at the next <see cref="Notify"/>; take it before reading the journal so no signal is lost.</summary>
    public Task NextAsync(string executionId) =>
        waiters.GetOrAdd(executionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
