namespace DrService.Backups.Rpo;

/// <summary>How a resource (or an application: its worst resource) stands against its RPO.</summary>
public enum RpoState
{
    /// <summary>Nothing measured yet.</summary>
    Unknown,

    /// <summary>The newest copy is younger than the at-risk fraction of the RPO.</summary>
    Ok,

    /// <summary>The newest copy is older than the at-risk fraction of the RPO, but within it.</summary>
    AtRisk,

    /// <summary>The newest copy is older than the RPO, or the DR region holds none.</summary>
    Breached,
}

/// <summary>The RPO verdict for one age.</summary>
public static class RpoRule
{
    public static RpoState Evaluate(TimeSpan? age, TimeSpan target, double atRiskFraction) => age switch
    {
        null => RpoState.Breached,
        { } a when a > target => RpoState.Breached,
        { } a when a > target * atRiskFraction => RpoState.AtRisk,
        _ => RpoState.Ok,
    };

    /// <summary>The worst of several states (Breached over AtRisk over Ok over Unknown).</summary>
    public static RpoState Worst(IEnumerable<RpoState> states) => states.DefaultIfEmpty(RpoState.Unknown).Max();
}
