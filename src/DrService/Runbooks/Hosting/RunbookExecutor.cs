using System.Collections.Concurrent;
using DrService.Configuration;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Scheduling;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Hosting;

/// <summary>
/// Runs executions in this process. At start and every <c>Runbooks:PollInterval</c> (or at once when woken) it lists
/// the unfinished executions and runs each one not already running here with <see cref="RunbookEngine.RunAsync"/>
/// as this instance; the engine takes the lease, so an execution another instance holds is left alone and one whose
/// owner died is resumed here once its lease expires. On shutdown the runs stop without a terminal phase: the next
/// owner (another instance, or this one after a restart) resumes them from the journal.
/// </summary>
public sealed partial class RunbookExecutor(
    IExecutionStore store,
    RunbookEngine engine,
    ServiceInstance instance,
    IOptions<DrOptions> options,
    IEnumerable<IExecutionEndedHandler> endedHandlers,
    TimeProvider time,
    ILogger<RunbookExecutor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ids of the executions this process is running now.</summary>
    public IReadOnlyCollection<string> Running => [.. _running.Keys];

    /// <summary>Looks for work now instead of at the next poll (a new execution was created here).</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Runbooks.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = Volatile.Read(ref _wake).Task;
            try
            {
                await ClaimAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must survive a database hiccup; the next poll tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex);
            }
            try
            {
                await Task.WhenAny(woken, Task.Delay(interval, time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // Shutdown: the runs see the same token and stop without writing a terminal phase.
        await Task.WhenAll(_running.Values);
    }

    /// <summary>One pass: start a run for every unfinished execution not already running here.</summary>
    public async Task ClaimAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await store.ListUnfinishedAsync(cancellationToken))
        {
            if (_running.ContainsKey(id))
            {
                continue;
            }
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running.TryAdd(id, started.Task))
            {
                _ = RunOneAsync(id, started, cancellationToken);
            }
        }
    }

    private async Task RunOneAsync(string executionId, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            var phase = await engine.RunAsync(executionId, instance.Id, cancellationToken);
            if (phase.IsTerminal() && !cancellationToken.IsCancellationRequested)
            {
                LogEnded(logger, executionId, phase);
                foreach (var handler in endedHandlers)
                {
                    await handler.OnEndedAsync(executionId, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // one execution's failure must not stop the others; the next poll retries it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRunFailed(logger, executionId, ex);
        }
        finally
        {
            _running.TryRemove(executionId, out _);
            done.TrySetResult();
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Runbook executor: listing unfinished executions failed")]
    private static partial void LogPollFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Runbook execution {ExecutionId} stopped on an error; it is retried at the next poll")]
    private static partial void LogRunFailed(ILogger logger, string executionId, Exception ex);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Runbook execution {ExecutionId} ended {Phase}")]
    private static partial void LogEnded(ILogger logger, string executionId, Phase phase);
}

/// <summary>Called by the executor in the process that saw an execution end (drill reports, measurements).</summary>
public interface IExecutionEndedHandler
{
    Task OnEndedAsync(string executionId, CancellationToken cancellationToken);
}
