namespace DrService.Runbooks.Store;

/// <summary>One row of <c>drill_reports</c>: the report of a finished drill (JSON), keyed by its execution.</summary>
public sealed class DrillReportRecord
{
    public required string ExecutionId { get; set; }

    public required string Application { get; set; }

    public required string RunbookId { get; set; }

    public string? Tier { get; set; }

    public DateTimeOffset EndedAt { get; set; }

    /// <summary>The achieved RTO in seconds (null when the drill never reached its recovery step).</summary>
    public double? RtoSeconds { get; set; }

    public double? RpoSeconds { get; set; }

    /// <summary>The <c>DrillReport</c> as JSON.</summary>
    public required string Report { get; set; }
}
