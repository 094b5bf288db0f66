namespace DrService.Runbooks.Execution;

/// <summary>How the engine runs executions.</summary>
public sealed class RunbookEngineOptions
{
    /// <summary>How often the owner reads the journal for decisions written by other instances (approve, reject, cancel).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a lease lasts without renewal; renewed every third of it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per attempt, for steps without a timeout of their own (and for undos).</summary>
    public TimeSpan DefaultStepTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// After a step's token fires (cancel, timeout, lost lease, shutdown), how long the engine waits for the action to
    /// return before it goes on without it: a retry, or another owner's resume, must not start while this attempt may
    /// still be calling AWS. Actions honour their token, so this is normally a few milliseconds.
    /// </summary>
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Steps of one execution running at once (each copy of a fan-out step counts one).</summary>
    public int MaxParallelSteps { get; set; } = 256;
}
