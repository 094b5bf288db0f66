using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Engine;

public sealed partial class BackupCycle
{
    /// <summary>The tag on a source backup DrService took, naming the run that took it (so a resumed run reuses it).</summary>
    public const string SourceRunTag = "dr:source-run";

    /// <summary>
    /// Discovery and planning for one kind, in a fixed number of batched calls: the resources, their source backups,
    /// and the application's copies in the DR region. Decides per resource what must be copied.
    /// </summary>
    private async Task PlanAsync(CycleState cycle, KindPlan plan, ResourceSelector selector, CancellationToken cancellationToken)
    {
        var driver = plan.Driver;
        List<Artifact> sources;
        try
        {
            var resources = await driver.DiscoverAsync(cycle.Application, cycle.SourceRegion, selector, cycle.Account, cancellationToken);
            foreach (var resource in resources)
            {
                plan.Resources[resource.ResourceId] = new ResourcePlan(resource);
            }
            if (resources.Count == 0)
            {
                plan.Failure = new BackupFailure("NothingSelected",
                    $"no {plan.Kind.ResourceNoun()} in {cycle.SourceRegion} matches the selector (ids: [{string.Join(", ", selector.Ids)}], tags: [{string.Join(", ", selector.Tags.Select(t => $"{t.Key}={t.Value}"))}])",
                    RetryWithinCycle: false);
                return;
            }
            sources = [.. await driver.ListSourceArtifactsAsync(cycle.SourceRegion, plan.Resources.Keys, cycle.Account, cancellationToken)];
            plan.CopiesByResource = GroupByResource(await driver.ListCopiesAsync(cycle.DrRegion, cycle.Application, cycle.Account, cancellationToken));
        }
        catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
        {
            plan.Failure = failure;
            LogResourceFailed(logger, cycle.Application, plan.Kind, "*", failure.Code, failure.Message);
            return;
        }

        if (cycle.App.Backup.Mode == BackupMode.CreateSource)
        {
            sources.AddRange(await CreateSourcesAsync(cycle, plan, sources, cancellationToken));
        }
        plan.Sources = sources;

        foreach (var resource in plan.Resources.Values)
        {
            Decide(cycle, plan, resource, sources);
        }
    }

    private static void Decide(CycleState cycle, KindPlan plan, ResourcePlan resource, List<Artifact> sources)
    {
        if (resource.Failure is not null)
        {
            return;
        }
        var mine = sources.Where(s => s.ResourceId == resource.Resource.ResourceId).ToList();
        var newest = mine.Where(s => s.State == ArtifactState.Available).MaxBy(s => (s.CreatedAt, s.Id));
        if (newest is null)
        {
            resource.Failure = mine.Any(s => s.State == ArtifactState.Pending)
                ? new BackupFailure("SourceNotReady", $"the source backup of {resource.Resource.ResourceId} in {cycle.SourceRegion} is not available yet; the next cycle copies it", RetryWithinCycle: false)
                : new BackupFailure("NoSourceBackup", $"no available backup of {resource.Resource.ResourceId} in {cycle.SourceRegion}: take them with DLM/AWS Backup, or set DrService:Applications:{cycle.Application}:Backup:Mode to CreateSource", RetryWithinCycle: false);
            return;
        }
        resource.NewestSource = newest;
        var copy = plan.CopiesByResource.GetValueOrDefault(resource.Resource.ResourceId)?
            .FirstOrDefault(c => c.SourceId == newest.Id && c.State is ArtifactState.Available or ArtifactState.Pending);
        if (copy?.State == ArtifactState.Available)
        {
            return;
        }
        var key = CopyOrder.KeyFor(cycle.Application, newest);
        var attempt = NextAttempt(plan, resource, newest);
        var tags = WithFacts(OwnershipTags.ForCopy(cycle.Application, newest, key), resource.Resource, cycle.App);
        if (attempt > 0)
        {
            tags[OwnershipTags.CopyAttempt] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        resource.Order = new CopyOrder(key, cycle.Application, newest, cycle.DrRegion, CopyNames.ForCopy(cycle.Application, newest, attempt), tags)
        {
            Attempt = attempt,
            KmsKeyId = string.IsNullOrWhiteSpace(cycle.App.Backup.KmsKeyId) ? null : cycle.App.Backup.KmsKeyId,
            CopySourceTags = cycle.App.Backup.CopySourceTags,
            OptionGroups = cycle.App.Backup.OptionGroups,
        };
        // A copy already under way (issued by an earlier cycle, or by this run before a crash) is followed, not issued again.
        resource.InFlightCopyId = copy?.Id;
    }

    /// <summary>
    /// 0, or one more than the highest attempt among the copies of <paramref name="source"/> that AWS failed: their
    /// ClientToken (AMI) and name (RDS) would answer with the failed copy again (issue 14, item 12).
    /// </summary>
    private static int NextAttempt(KindPlan plan, ResourcePlan resource, Artifact source)
    {
        var failed = plan.CopiesByResource.GetValueOrDefault(resource.Resource.ResourceId)?
            .Where(c => c.SourceId == source.Id && c.State == ArtifactState.Failed).ToList() ?? [];
        return failed.Count == 0 ? 0 : failed.Max(c => c.CopyAttempt) + 1;
    }

    /// <summary>
    /// The ownership tags plus the source's recovery facts (<see cref="ProtectedResource.Facts"/>; an instance's Name
    /// and role): a failover with the source region dark reads them from the copy.
    /// </summary>
    private static Dictionary<string, string> WithFacts(Dictionary<string, string> tags, ProtectedResource resource, Configuration.ApplicationOptions app)
    {
        foreach (var (key, value) in resource.Facts)
        {
            tags[key] = value;
        }
        if (resource.Kind == ArtifactKind.Image)
        {
            if (resource.Tags.GetValueOrDefault("Name") is { Length: > 0 } name)
            {
                tags[OwnershipTags.SourceName] = name;
            }
            if (resource.Tags.GetValueOrDefault(app.Recovery.RoleTag) is { Length: > 0 } role)
            {
                tags[OwnershipTags.Role] = role;
            }
        }
        return tags;
    }

    /// <summary>CreateSource mode: takes a source backup of each resource (one per run: a resumed run reuses its own) and waits until they are available.</summary>
    private async Task<IReadOnlyList<Artifact>> CreateSourcesAsync(CycleState cycle, KindPlan plan, List<Artifact> existing, CancellationToken cancellationToken)
    {
        var driver = plan.Driver;
        var taken = new List<Artifact>();
        foreach (var resource in plan.Resources.Values)
        {
            if (existing.Any(s => s.ResourceId == resource.Resource.ResourceId && s.Tags.GetValueOrDefault(SourceRunTag) == cycle.RunKey))
            {
                continue;
            }
            var name = CopyNames.ForSource(cycle.Application, resource.Resource.ResourceId, cycle.ScheduledAt, plan.Kind, cycle.RunKey);
            var tags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [OwnershipTags.ManagedBy] = OwnershipTags.ManagedByValue,
                [OwnershipTags.Application] = cycle.Application,
                [OwnershipTags.ResourceId] = resource.Resource.ResourceId,
                [SourceRunTag] = cycle.RunKey,
            };
            try
            {
                var created = await driver.CreateSourceArtifactAsync(resource.Resource, name, tags, cycle.Account, cancellationToken);
                taken.Add(created);
                await audit.RecordAsync(new Storage.AuditEntry(Actor, "backup.source.create", "succeeded", cycle.Application, $"{resource.Resource.ResourceId} -> {created.Id}", $"{plan.Kind} in {cycle.SourceRegion}"), cancellationToken);
            }
            catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
            {
                resource.Failure = failure;
                LogResourceFailed(logger, cycle.Application, plan.Kind, resource.Resource.ResourceId, failure.Code, failure.Message);
                await audit.RecordAsync(new Storage.AuditEntry(Actor, "backup.source.create", "failed", cycle.Application, resource.Resource.ResourceId, $"{failure.Code}: {failure.Message}"), cancellationToken);
            }
        }
        return await WaitUntilAvailableAsync(cycle, driver, cycle.SourceRegion, taken, cancellationToken);
    }

    /// <summary>Polls (one batched Describe per interval) until every artifact is available, failed, or the cycle's time is up.</summary>
    private async Task<IReadOnlyList<Artifact>> WaitUntilAvailableAsync(CycleState cycle, IArtifactDriver driver, string region, List<Artifact> artifacts, CancellationToken cancellationToken)
    {
        var deadline = cycle.StartedAt + cycle.Options.Backups.MaxCycleDuration;
        var current = artifacts;
        while (current.Any(a => a.State == ArtifactState.Pending) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(cycle.Options.Backups.PollInterval, time, cancellationToken);
            try
            {
                var described = (await driver.DescribeAsync(region, [.. current.Select(a => a.Id)], cycle.Account, cancellationToken)).ToDictionary(a => a.Id);
                current = [.. current.Select(a => described.GetValueOrDefault(a.Id) ?? a with { State = ArtifactState.Deleting })];
            }
            catch (Exception ex) when (BackupFailure.From(ex, cancellationToken) is { } failure)
            {
                LogResourceFailed(logger, cycle.Application, driver.Kind, "*", failure.Code, failure.Message);
                break;
            }
        }
        return current;
    }

    private static Dictionary<string, List<Artifact>> GroupByResource(IEnumerable<Artifact> copies) =>
        copies.Where(c => c.IsOwned)
            .GroupBy(c => c.Tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? c.ResourceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
}
