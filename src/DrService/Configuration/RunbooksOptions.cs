using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary><c>DrService:Runbooks</c>: where runbooks come from and how executions are run.</summary>
public sealed class RunbooksOptions
{
    /// <summary>
    /// A folder of runbook files (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>) besides the built-in ones; a file whose id
    /// is a built-in's replaces it. Relative to the configuration file's folder; null: built-ins only.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How often the executor looks for executions to run or resume (and how often a running one renews its lease).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "must be between 00:00:00.100 and 00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an instance's claim on an execution lasts without renewal; another instance resumes it after that.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "must be between 00:00:01 and 01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Steps of one execution running at the same time. A fan-out step's copies count one each, so this bounds how many
    /// items recover at once: 256 lets a failover of 50 databases, 50 instances and their volumes run every item in
    /// parallel (the runbook bench's N = 50 shape peaks at 151). Steps mostly wait on AWS; throttling is retried.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "must be between 1 and 1024")]
    public int MaxParallelSteps { get; set; } = 256;

    /// <summary>
    /// How long the recovery inventory may spend reading the source region when a runbook is planned or started. A
    /// dark region fails at once; an impaired one is cut off here, and the inventory then comes from the DR copies
    /// (with a warning), so a slow primary never holds a failover's start.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "must be between 00:00:01 and 00:05:00")]
    public TimeSpan SourceReadBudget { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the drill sweeper looks for leftovers of finished drills in the DR region.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "must be between 00:01:00 and 7.00:00:00")]
    public TimeSpan DrillSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
