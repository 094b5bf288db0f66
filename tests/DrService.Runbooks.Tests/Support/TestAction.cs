using System.Collections.Concurrent;
using DrService.Runbooks.Actions;

namespace DrService.Runbooks.Tests.Support;

/// <summary>
/// A step action for tests that counts its effects per (execution, step) and checks honestly: CheckAsync reports the
/// effect when it happened. Behaviour is set with the init properties.
/// </summary>
public sealed class TestAction(string name, params string[] outputs) : IStepAction
{
    private readonly ConcurrentDictionary<string, int> effects = new();
    private readonly ConcurrentDictionary<string, int> attempts = new();

    public string Name { get; } = name;

    public ActionSchema Schema { get; init; } = new([], ["in", "source", "x", "y"], outputs);

    /// <summary>Simulated work before the effect (cancellable).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How many first attempts (per execution and step) fail before one succeeds.</summary>
    public int FailFirst { get; init; }

    public bool Retryable { get; init; } = true;

    /// <summary>Awaited before the effect; lets a test hold a step running.</summary>
    public Func<StepContext, CancellationToken, Task>? Before { get; init; }

    /// <summary>Outputs for a context (default: one per declared output, "NAME-of-STEP").</summary>
    public Func<StepContext, Dictionary<string, string>>? Produce { get; init; }

    private int planCalls;
    private int checkCalls;
    private int executeCalls;
    private int cancelledCalls;

    public int PlanCalls => planCalls;

    public int CheckCalls => checkCalls;

    public int ExecuteCalls => executeCalls;

    /// <summary>Calls whose token was cancelled while they ran.</summary>
    public int CancelledCalls => cancelledCalls;

    public ConcurrentQueue<StepContext> Contexts { get; } = new();

    public int EffectsOf(string executionId, string stepId) => effects.GetValueOrDefault(Key(executionId, stepId));

    public int TotalEffects => effects.Values.Sum();

    public Task<IReadOnlyList<PlannedCall>> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref planCalls);
        IReadOnlyList<PlannedCall> calls = [new PlannedCall("test", Name, "us-west-2", context.Inputs.GetValueOrDefault("in") ?? context.StepId)];
        return Task.FromResult(calls);
    }

    public Task<StepResult?> CheckAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref checkCalls);
        return Task.FromResult(effects.ContainsKey(Key(context.ExecutionId, context.StepId)) ? Result(context) : null);
    }

    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref executeCalls);
        Contexts.Enqueue(context);
        var key = Key(context.ExecutionId, context.StepId);
        try
        {
            if (Before is not null)
            {
                await Before(context, cancellationToken);
            }
            if (Duration > TimeSpan.Zero)
            {
                await Task.Delay(Duration, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref cancelledCalls);
            throw;
        }
        if (attempts.AddOrUpdate(key, 1, (_, n) => n + 1) <= FailFirst)
        {
            throw Retryable ? new InvalidOperationException($"{Name} failed on purpose") : new StepFailedException("Broken", $"{Name} failed on purpose");
        }
        effects.AddOrUpdate(key, 1, (_, n) => n + 1);
        return Result(context)!;
    }

    private StepResult? Result(StepContext context) =>
        new(Produce?.Invoke(context) ?? Schema.Outputs.ToDictionary(o => o, o => $"{o}-of-{context.StepId}"));

    private static string Key(string executionId, string stepId) => executionId + "/" + stepId;
}

public sealed class TestCatalog(params IStepAction[] actions) : IStepActionCatalog
{
    private readonly Dictionary<string, IStepAction> byName = actions.ToDictionary(a => a.Name);

    public IStepAction? Find(string name) => byName.GetValueOrDefault(name);

    public IReadOnlyCollection<IStepAction> All => byName.Values;
}
