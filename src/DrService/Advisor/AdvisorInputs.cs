using DrService.Configuration;

namespace DrService.Advisor;

/// <summary>A duration and where it comes from ("measured by the replication watch", "estimate", "median of 12 copies"...).</summary>
public sealed record SourcedDuration(TimeSpan Value, string Source);

/// <summary>Everything the pure calculator needs about one application.</summary>
public sealed record AdvisorInputs(
    string Application,
    ApplicationOptions App,
    ApplicationSizes Sizes,
    TimeSpan CopyPeriod,
    SourcedDuration CopyTime,
    SourcedDuration ReplicaLag,
    SourcedDuration BucketLag,
    int RetainedCopies,
    IReadOnlyList<MeasuredRecovery> Measurements);
