namespace DrService.Scheduling;

/// <summary>
/// The work behind a job kind, registered as a keyed service under its kind. The runner gives it a persisted run
/// and records its outcome; a handler only does the work and reports progress.
/// </summary>
public interface IJobHandler
{
    Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler learns about its run.</summary>
public sealed record JobRunContext(string RunKey, string Job, string? Application, DateTimeOffset ScheduledAt, bool Resumed, IJobProgress Progress);

/// <summary>Progress of long work, persisted on the run record.</summary>
public interface IJobProgress
{
    Task ReportAsync(int done, int total, string? message, CancellationToken cancellationToken);
}

/// <summary>How a run ended; failures carry a readable reason.</summary>
public sealed record JobOutcome(JobOutcomeKind Kind, string? Message = null)
{
    public static JobOutcome Succeeded(string? message = null) => new(JobOutcomeKind.Succeeded, message);

    public static JobOutcome PartiallyFailed(string message) => new(JobOutcomeKind.PartiallyFailed, message);

    public static JobOutcome Failed(string message) => new(JobOutcomeKind.Failed, message);
}

public enum JobOutcomeKind
{
    Succeeded,
    PartiallyFailed,
    Failed,
}
