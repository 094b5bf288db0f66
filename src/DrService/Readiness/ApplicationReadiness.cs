using DrService.Witness;

namespace DrService.Readiness;

/// <summary>Could the application fail over now: Ready, AtRisk (it would work, with a caveat), NotReady, or Unknown (nothing observed yet).</summary>
public enum ReadinessVerdict
{
    Unknown,
    Ready,
    AtRisk,
    NotReady,
}

/// <summary>One failing input: what it is (<see cref="Input"/>: condition, rpo, witness, configuration), which thing, and why.</summary>
public sealed record ReadinessReason(ReadinessVerdict Impact, string Input, string Subject, string Type, string Message);

/// <summary>The inputs as read: the lags and ages that went into the estimate, and the witness verdict.</summary>
public sealed record ReadinessInputs(
    string Tier,
    double RpoSeconds,
    WitnessVerdict Witness,
    double? ReplicaLagSeconds,
    double? S3LagSeconds,
    double? OldestCopyAgeSeconds,
    int ResourcesWithoutCopy,
    bool DnsFailoverConfigured,
    int Conditions,
    int Resources);

/// <summary>
/// "Could we fail over now, and what would we lose": the verdict, the estimated data loss (the largest lag or copy
/// age that applies to the tier; null when nothing is measured or a resource has no copy at all), every failing input.
/// </summary>
public sealed record ApplicationReadiness(
    string Application,
    ReadinessVerdict Verdict,
    double? EstimatedDataLossSeconds,
    IReadOnlyList<ReadinessReason> Reasons,
    ReadinessInputs Inputs)
{
    /// <summary>Worst first: NotReady, AtRisk, Unknown, Ready.</summary>
    public int Rank => Verdict switch
    {
        ReadinessVerdict.NotReady => 3,
        ReadinessVerdict.AtRisk => 2,
        ReadinessVerdict.Unknown => 1,
        _ => 0,
    };
}
