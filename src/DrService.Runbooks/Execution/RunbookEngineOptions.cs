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

    /// <summary>Steps of one execution running at once.</summary>
    public int MaxParallelSteps { get; set; } = 8;
}
