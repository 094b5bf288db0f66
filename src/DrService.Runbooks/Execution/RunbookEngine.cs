using DrService.Runbooks.Actions;
using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Execution;

/// <summary>
/// Runs executions durably. The journal (<see cref="IExecutionStore"/>) is the only state: StepStarting is written
/// before an action runs and StepSucceeded/StepFailed after, so any instance holding the lease can replay the journal
/// and go on where the previous owner stopped (a step that was running is first checked with
/// <see cref="IStepAction.CheckAsync"/>). See docs/design/runbook-engine.md.
/// </summary>
public sealed partial class RunbookEngine
{
    private readonly IExecutionStore store;
    private readonly IStepActionCatalog catalog;
    private readonly RunbookEngineOptions options;
    private readonly TimeProvider time;
    private readonly ExecutionSignals signals;

    public RunbookEngine(IExecutionStore store, IStepActionCatalog catalog, RunbookEngineOptions options, TimeProvider time, ExecutionSignals? signals = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelSteps, 1);
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.signals = signals ?? new ExecutionSignals();
    }

    /// <summary>
    /// Runs (or resumes) <paramref name="executionId"/> as <paramref name="owner"/> until it ends, and returns its phase.
    /// Without the lease (another owner holds it) it returns at once with the stored phase. When the lease is lost or
    /// <paramref name="cancellationToken"/> fires (shutdown), all work stops without a terminal phase being written, so
    /// that another owner can resume; the phase returned is the last one this owner set. Store failures are thrown.
    /// </summary>
    public async Task<Phase> RunAsync(string executionId, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var record = await store.GetAsync(executionId, cancellationToken)
            ?? throw new KeyNotFoundException($"No execution '{executionId}'.");
        if (record.Phase.IsTerminal() || !await store.TryAcquireLeaseAsync(executionId, owner, options.LeaseDuration, cancellationToken))
        {
            return record.Phase;
        }

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lease = new LeaseKeeper(this, executionId, owner, abort);
        var renewal = lease.RenewAsync();
        var run = new ExecutionRun(this, record, owner, abort.Token);
        try
        {
            return await run.ExecuteAsync();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return run.CurrentPhase;
        }
        finally
        {
            await abort.CancelAsync();
            await renewal;
            if (!lease.Lost)
            {
                try
                {
                    await store.ReleaseLeaseAsync(executionId, owner, CancellationToken.None);
                }
#pragma warning disable CA1031 // best effort: the lease expires anyway
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    /// <summary>Renews the lease every third of its duration; when it cannot, stops the run.</summary>
    private sealed class LeaseKeeper(RunbookEngine engine, string executionId, string owner, CancellationTokenSource abort)
    {
        public bool Lost { get; private set; }

        public async Task RenewAsync()
        {
            var period = engine.options.LeaseDuration / 3;
            try
            {
                while (true)
                {
                    await Task.Delay(period, engine.time, abort.Token);
                    bool renewed;
                    try
                    {
                        renewed = await engine.store.TryAcquireLeaseAsync(executionId, owner, engine.options.LeaseDuration, abort.Token);
                    }
                    catch (OperationCanceledException) when (abort.IsCancellationRequested)
                    {
                        return;
                    }
#pragma warning disable CA1031 // a lease that cannot be confirmed is treated as lost: stop rather than risk two owners
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        renewed = false;
                    }
                    if (!renewed)
                    {
                        Lost = true;
                        await abort.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
