namespace DrService.Monitoring;

/// <summary>The stored state of a condition, with when it last changed and how many observations in a row agree.</summary>
public sealed class ConditionRecord
{
    public required string Application { get; set; }

    public required string Subject { get; set; }

    public required string Type { get; set; }

    /// <summary>The monitor that owns it (its observations replace this monitor's earlier ones).</summary>
    public required string Monitor { get; set; }

    public ConditionStatus Status { get; set; }

    public ConditionSeverity Severity { get; set; }

    public required string Reason { get; set; }

    public required string Message { get; set; }

    public double? Value { get; set; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public DateTimeOffset LastTransitionAt { get; set; }

    public DateTimeOffset ObservedAt { get; set; }

    /// <summary>Observations in a row with the current status (hysteresis for alerts).</summary>
    public int Streak { get; set; }
}
