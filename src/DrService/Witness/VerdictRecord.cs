namespace DrService.Witness;

/// <summary>The witness's verdict on an application: what DrService's own probes and Route 53 agree on.</summary>
public enum WitnessVerdict
{
    /// <summary>Not enough observations yet.</summary>
    Unknown,

    /// <summary>Primary and secondary answer.</summary>
    Healthy,

    /// <summary>The primary answers, but the secondary does not, or the witnesses disagree: failover would not be clean.</summary>
    Degraded,

    /// <summary>The primary does not answer (by DrService's probes, with Route 53's health check where configured).</summary>
    PrimaryDown,
}

/// <summary>A verdict change, kept as history (the current verdict is the newest row).</summary>
public sealed class VerdictRecord
{
    public long Id { get; set; }

    public required string Application { get; set; }

    public DateTimeOffset At { get; set; }

    public WitnessVerdict Verdict { get; set; }

    /// <summary>DrService's probe of the primary endpoint (null: not probed).</summary>
    public bool? PrimaryUp { get; set; }

    public bool? SecondaryUp { get; set; }

    /// <summary>Route 53's health check of the primary (null: none configured or not known).</summary>
    public bool? Route53PrimaryHealthy { get; set; }

    public required string Detail { get; set; }
}
