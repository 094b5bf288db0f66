using System.Collections.Frozen;

namespace DrService.Runbooks.Lifecycle;

/// <summary>The one table of legal phase transitions, shared by every kind of run.</summary>
public static class PhaseTransitions
{
    private static readonly FrozenDictionary<Phase, FrozenSet<Phase>> Allowed = new Dictionary<Phase, FrozenSet<Phase>>
    {
        [Phase.Pending] = Set(Phase.Running, Phase.Cancelled, Phase.Skipped, Phase.Failed),
        [Phase.Running] = Set(Phase.WaitingForAws, Phase.Paused, Phase.Succeeded, Phase.PartiallyFailed, Phase.Failed, Phase.Cancelled),
        [Phase.WaitingForAws] = Set(Phase.Running, Phase.Succeeded, Phase.PartiallyFailed, Phase.Failed, Phase.Cancelled),
        [Phase.Paused] = Set(Phase.Running, Phase.Failed, Phase.Cancelled),
        [Phase.Succeeded] = Set(),
        [Phase.PartiallyFailed] = Set(),
        [Phase.Failed] = Set(),
        [Phase.Cancelled] = Set(),
        [Phase.Skipped] = Set(),
    }.ToFrozenDictionary();

    public static bool CanMove(Phase from, Phase to) => Allowed[from].Contains(to);

    /// <summary>Throws <see cref="IllegalTransitionException"/> naming the run, both phases and the operation.</summary>
    public static void EnsureCanMove(string runId, Phase from, Phase to, string operation)
    {
        if (!CanMove(from, to))
        {
            throw new IllegalTransitionException(runId, from, to, operation);
        }
    }

    private static FrozenSet<Phase> Set(params Phase[] phases) => phases.ToFrozenSet();
}

public sealed class IllegalTransitionException(string runId, Phase from, Phase to, string operation)
    : InvalidOperationException($"Run '{runId}' cannot move from {from} to {to} ({operation}).")
{
    public string RunId { get; } = runId;

    public Phase From { get; } = from;

    public Phase To { get; } = to;

    public string Operation { get; } = operation;
}
