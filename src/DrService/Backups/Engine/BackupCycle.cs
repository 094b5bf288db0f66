using System.Diagnostics;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Backups.Queue;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Scheduling;
using DrService.Storage;
using DrService.Telemetry;
using Microsoft.Extensions.Options;

namespace DrService.Backups.Engine;

/// <summary>
/// One backup cycle of one application: find its resources and their newest source backups (taking one first in
/// CreateSource mode), copy what the DR region lacks under AWS's concurrency limits, apply retention, and measure
/// the RPO. Failures are recorded per resource with their AWS code and the other resources carry on; nothing is
/// deleted for a resource whose cycle went wrong; a crash mid-cycle is resumed from the copy records and the
/// ownership tags without copying twice.
/// </summary>
public sealed partial class BackupCycle(
    IEnumerable<IArtifactDriver> drivers,
    BackupStore store,
    CopyScheduler scheduler,
    ICopyHolds holds,
    RpoBoard board,
    IAuditLog audit,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time,
    ILogger<BackupCycle> logger)
{
    public const string Actor = "system:backup";

    private readonly Dictionary<ArtifactKind, IArtifactDriver> _drivers = drivers.ToDictionary(d => d.Kind);

    public async Task<BackupCycleResult> RunAsync(string application, JobRunContext run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var current = options.CurrentValue;
        if (!current.Applications.TryGetValue(application, out var app))
        {
            throw new InvalidOperationException($"No application '{application}' in DrService:Applications.");
        }
        var cycle = new CycleState(application, app, current, run.RunKey, run.ScheduledAt, time.GetUtcNow());
        using var activity = DrTelemetry.Source.StartActivity("Backup.Cycle");
        activity?.SetTag("dr.application", application);
        activity?.SetTag("dr.run", run.RunKey);

        foreach (var (kind, selector) in Selections(app))
        {
            if (!_drivers.TryGetValue(kind, out var driver))
            {
                throw new InvalidOperationException($"No driver is registered for {kind}.");
            }
            var plan = new KindPlan(driver);
            cycle.Plans.Add(plan);
            await PlanAsync(cycle, plan, selector, cancellationToken);
        }

        await CopyAsync(cycle, run.Progress, cancellationToken);
        await RemoveFailedCopiesAsync(cycle, cancellationToken);
        await ApplyRetentionAsync(cycle, cancellationToken);
        var statuses = await MeasureRpoAsync(cycle, cancellationToken);

        var result = new BackupCycleResult(application, cycle.CopiesIssued, cycle.CopiesCompleted, cycle.CopiesDeleted,
            statuses.Count(s => s.ResourceId != "*"), [.. cycle.Failures.Select(f => new ResourceFailure(f.Kind, f.ResourceId, f.Failure.Code, f.Failure.Message))],
            RpoRule.Worst(statuses.Where(s => s.ResourceId != "*").Select(s => s.RpoState)));
        activity?.SetTag("dr.copies.issued", result.CopiesIssued);
        activity?.SetTag("dr.failures", result.Failures.Count);
        activity?.SetStatus(result.Failures.Count == 0 ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        LogCycleFinished(logger, application, result.CopiesIssued, result.CopiesCompleted, result.CopiesDeleted, result.Failures.Count, result.WorstRpo);
        return result;
    }

    /// <summary>The kinds an application protects, with their selectors.</summary>
    private static IEnumerable<(ArtifactKind Kind, ResourceSelector Selector)> Selections(ApplicationOptions app)
    {
        var r = app.Resources;
        if (r.Instances is { } instances)
        {
            yield return (ArtifactKind.Image, instances);
        }
        if (r.Volumes is { } volumes)
        {
            yield return (ArtifactKind.EbsSnapshot, volumes);
        }
        if (r.DbInstances is { } db)
        {
            yield return (ArtifactKind.DbSnapshot, db);
        }
        if (r.DbClusters is { } clusters)
        {
            yield return (ArtifactKind.DbClusterSnapshot, clusters);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Backup cycle of {Application}: {Issued} copies issued, {Completed} completed, {Deleted} removed by retention, {Failures} failure(s); worst RPO {Rpo}")]
    private static partial void LogCycleFinished(ILogger logger, string application, int issued, int completed, int deleted, int failures, RpoState rpo);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Backup of {Application}: {Kind} {Resource} failed: {Code}: {Message}")]
    private static partial void LogResourceFailed(ILogger logger, string application, ArtifactKind kind, string resource, string code, string message);
}

/// <summary>What a cycle did.</summary>
public sealed record BackupCycleResult(
    string Application, int CopiesIssued, int CopiesCompleted, int CopiesDeleted, int Resources,
    IReadOnlyList<ResourceFailure> Failures, RpoState WorstRpo);

public sealed record ResourceFailure(ArtifactKind Kind, string ResourceId, string Code, string Message);

/// <summary>Copies that a running drill or failover uses: retention never removes them.</summary>
public interface ICopyHolds
{
    Task<IReadOnlySet<string>> HeldCopyIdsAsync(CancellationToken cancellationToken);
}

/// <summary>No holds (until the runbook engine registers its own).</summary>
internal sealed class NoCopyHolds : ICopyHolds
{
    public Task<IReadOnlySet<string>> HeldCopyIdsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
}
