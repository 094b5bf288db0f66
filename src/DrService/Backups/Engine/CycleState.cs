using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Engine;

/// <summary>What one backup cycle of one application knows: its settings and, per kind, its plan.</summary>
internal sealed class CycleState(string application, ApplicationOptions app, DrOptions options, string runKey, DateTimeOffset scheduledAt, DateTimeOffset startedAt)
{
    public string Application { get; } = application;

    public ApplicationOptions App { get; } = app;

    public DrOptions Options { get; } = options;

    public string RunKey { get; } = runKey;

    public DateTimeOffset ScheduledAt { get; } = scheduledAt;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string Account => App.Account;

    public string SourceRegion => App.SourceRegionOr(Options.Regions);

    public string DrRegion => Options.Regions.Dr;

    public List<KindPlan> Plans { get; } = [];

    public int CopiesIssued { get; set; }

    public int CopiesCompleted { get; set; }

    public int CopiesDeleted { get; set; }

    public IEnumerable<(KindPlan Plan, ResourcePlan Resource)> Resources =>
        Plans.SelectMany(p => p.Resources.Values.Select(r => (p, r)));

    /// <summary>
    /// Per resource, its failure or its kind's (a kind-wide failure, such as a dark DR region, fails each of the kind's
    /// resources found); <c>*</c> for a kind-wide failure before any resource was found.
    /// </summary>
    public IEnumerable<(ArtifactKind Kind, string ResourceId, BackupFailure Failure)> Failures =>
        Plans.SelectMany(p => p.Failure is not null && p.Resources.Count == 0
            ? [(p.Kind, "*", p.Failure)]
            : p.Resources.Values.Where(r => (r.Failure ?? p.Failure) is not null).Select(r => (p.Kind, r.Resource.ResourceId, (r.Failure ?? p.Failure)!)));
}

/// <summary>One kind's part of a cycle: the driver, the resources found, and a failure that hit the whole kind.</summary>
internal sealed class KindPlan(IArtifactDriver driver)
{
    public IArtifactDriver Driver { get; } = driver;

    public ArtifactKind Kind => Driver.Kind;

    public Dictionary<string, ResourcePlan> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>The owned copies in the DR region, by resource id (refreshed after copying).</summary>
    public Dictionary<string, List<Artifact>> CopiesByResource { get; set; } = new(StringComparer.Ordinal);

    public BackupFailure? Failure { get; set; }

    /// <summary>The source backups in the source region, those this cycle took included (for source retention).</summary>
    public List<Artifact> Sources { get; set; } = [];
}

/// <summary>One resource's part of a cycle.</summary>
internal sealed class ResourcePlan(ProtectedResource resource)
{
    public ProtectedResource Resource { get; } = resource;

    /// <summary>The newest available source backup (the one to have in the DR region).</summary>
    public Artifact? NewestSource { get; set; }

    /// <summary>The copy this cycle wants made; null when the newest source is already copied (or being copied).</summary>
    public CopyOrder? Order { get; set; }

    /// <summary>The id of a copy of <see cref="NewestSource"/> already under way in the DR region: followed, not issued again.</summary>
    public string? InFlightCopyId { get; set; }

    public BackupFailure? Failure { get; set; }

    /// <summary>The copy call was made before (an earlier run's record, or a failed attempt this cycle): the next one is made with <see cref="CopyOrder.MayExist"/>.</summary>
    public bool IssuedBefore { get; set; }

    /// <summary>The attempt number of the copy issued this cycle (<see cref="CopyOrder.Attempt"/>); null when none was.</summary>
    public int? IssuedAttempt { get; set; }

    /// <summary>Set when a failure this cycle means retention must leave this resource alone.</summary>
    public bool HoldRetention => Failure is not null;
}
