using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws;
using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using DrService.Telemetry;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Drills;

/// <summary>
/// Deletes what finished drills left behind. Every <c>Runbooks:DrillSweepInterval</c> it lists, in the DR region and
/// per configured account, everything tagged <c>dr:drill-id</c> (EC2 instances not terminated, volumes, snapshots,
/// AMIs; RDS instances, clusters, DB and cluster snapshots) and deletes a resource only when its drill is terminal in
/// the store (or unknown to the store and older than <see cref="UnknownDrillGrace"/>) AND it carries
/// <c>dr:managed-by=drservice</c> (<see cref="RunbookTags.BelongsTo(IReadOnlyDictionary{string, string}, string, string, out string)"/>).
/// Order: instances, volumes (detached first), AMIs, snapshots (so an AMI's snapshots are free), RDS instances,
/// clusters, snapshots. Each deletion is audited <c>drill.swept</c>; an error is recorded with its AWS code and the
/// sweep carries on.
/// </summary>
public sealed partial class DrillSweeper(
    IAwsClientFactory aws,
    IRdsClient rds,
    IExecutionStore store,
    IAuditLog audit,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time,
    ILogger<DrillSweeper> logger) : BackgroundService
{
    public const string Actor = "system:drill-sweeper";

    public const string AuditAction = "drill.swept";

    /// <summary>How old a resource of a drill the store does not know must be before it is swept.</summary>
    public static readonly TimeSpan UnknownDrillGrace = TimeSpan.FromDays(1);

    private static readonly Counter<long> Swept = DrTelemetry.Meter.CreateCounter<long>(
        "dr.drill.swept", "{resource}", "Drill leftovers handled by the sweeper, by kind and outcome (deleted, failed, not-owned)");

    private static readonly List<string> LiveInstanceStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>How often a sweep re-reads detaching volumes, and for how long at most.</summary>
    public TimeSpan DetachPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DetachTimeout { get; init; } = TimeSpan.FromMinutes(2);

    private IAwsClientFactory Aws => aws;

    private IRdsClient Rds => rds;

    private IExecutionStore Store => store;

    private IAuditLog Audit => audit;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.Runbooks.DrillSweepInterval, time, stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must survive a database or AWS hiccup; the next interval tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    /// <summary>One sweep of the DR region in every configured account.</summary>
    public async Task<DrillSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        using var activity = DrTelemetry.Source.StartActivity("drill.sweep");
        var current = options.CurrentValue;
        var region = current.Regions.Dr;
        activity?.SetTag("dr.region", region);
        var run = new Run(this, region, cancellationToken);
        var accounts = current.Applications.Count == 0
            ? [ApplicationOptions.DefaultAccount]
            : current.Applications.Values.Select(a => a.Account).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var account in accounts)
        {
            await run.SweepAccountAsync(account);
        }
        var result = new DrillSweepResult(run.Deleted, run.Failed, run.NotOwned, run.Kept);
        activity?.SetTag("dr.swept.deleted", result.Deleted.Count);
        activity?.SetTag("dr.swept.failed", result.Failed.Count);
        if (result.Failed.Count > 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, $"{result.Failed.Count} deletion(s) failed");
        }
        LogSwept(logger, region, result.Deleted.Count, result.Failed.Count, result.NotOwned.Count, result.Kept.Count);
        return result;
    }

    /// <summary>One sweep's state: the drills looked up so far and what happened to each resource.</summary>
    private sealed class Run(DrillSweeper owner, string region, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, ExecutionRecord?> _drills = new(StringComparer.Ordinal);

        public List<SweptResource> Deleted { get; } = [];

        public List<SweepFailure> Failed { get; } = [];

        public List<SweptResource> NotOwned { get; } = [];

        public List<SweptResource> Kept { get; } = [];

        public async Task SweepAccountAsync(string account)
        {
            await Guard(SweepKind.Ec2Instance, account, () => SweepInstancesAsync(account));
            await Guard(SweepKind.EbsVolume, account, () => SweepVolumesAsync(account));
            await Guard(SweepKind.Ami, account, () => SweepImagesAsync(account));
            await Guard(SweepKind.EbsSnapshot, account, () => SweepSnapshotsAsync(account));
            await Guard(SweepKind.RdsInstance, account, () => SweepRdsInstancesAsync(account));
            await Guard(SweepKind.RdsCluster, account, () => SweepRdsClustersAsync(account));
            await Guard(SweepKind.RdsSnapshot, account, () => SweepRdsSnapshotsAsync(account));
            await Guard(SweepKind.RdsClusterSnapshot, account, () => SweepRdsClusterSnapshotsAsync(account));
        }

        private static List<Filter> Tagged => [new("tag-key", [OwnershipTags.DrillId])];

        private IAmazonEC2 Ec2(string account) => owner.Aws.Ec2(region, account);

        private async Task SweepInstancesAsync(string account)
        {
            var ec2 = Ec2(account);
            var instances = await Ec2Lookups.InstancesAsync(ec2, region, [.. Tagged, new Filter("instance-state-name", LiveInstanceStates)], cancellationToken);
            foreach (var instance in instances)
            {
                await SweepOneAsync(SweepKind.Ec2Instance, instance.InstanceId, Ec2Lookups.Tags(instance.Tags), instance.LaunchTime, () =>
                    Ec2Calls.RunAsync(region, "TerminateInstances", () => ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance.InstanceId] }, cancellationToken)));
            }
        }

        private async Task SweepVolumesAsync(string account)
        {
            var ec2 = Ec2(account);
            var volumes = await Ec2Lookups.VolumesAsync(ec2, region, Tagged, cancellationToken);
            foreach (var volume in volumes.Where(v => v.State != VolumeState.Deleting && v.State != VolumeState.Deleted))
            {
                await SweepOneAsync(SweepKind.EbsVolume, volume.VolumeId, Ec2Lookups.Tags(volume.Tags), volume.CreateTime, async () =>
                {
                    foreach (var attachment in volume.Attachments ?? [])
                    {
                        await Ec2Calls.RunAsync(region, "DetachVolume", () => ec2.DetachVolumeAsync(new DetachVolumeRequest
                        {
                            VolumeId = volume.VolumeId, InstanceId = attachment.InstanceId, Device = attachment.Device,
                        }, cancellationToken));
                    }
                    if (volume.Attachments is { Count: > 0 })
                    {
                        await WaitDetachedAsync(ec2, volume.VolumeId);
                    }
                    await Ec2Calls.RunAsync(region, "DeleteVolume", () => ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.VolumeId }, cancellationToken));
                });
            }
        }

        private async Task WaitDetachedAsync(IAmazonEC2 ec2, string volumeId)
        {
            var started = owner.Time.GetTimestamp();
            while (true)
            {
                var now = await Ec2Lookups.VolumesAsync(ec2, region, [new Filter("volume-id", [volumeId])], cancellationToken);
                if (now.All(v => v.State != VolumeState.InUse))
                {
                    return;
                }
                if (owner.Time.GetElapsedTime(started) >= owner.DetachTimeout)
                {
                    // DeleteVolume will fail with VolumeInUse: recorded, and the next sweep tries again.
                    return;
                }
                await Task.Delay(owner.DetachPollInterval, owner.Time, cancellationToken);
            }
        }

        private async Task SweepImagesAsync(string account)
        {
            var ec2 = Ec2(account);
            var images = await Ec2Calls.AllPagesAsync(region, "DescribeImages",
                token => ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"], Filters = Tagged, NextToken = token }, cancellationToken),
                r => r.Images, r => r.NextToken);
            foreach (var image in images)
            {
                var created = DateTime.TryParse(image.CreationDate, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTime?)null;
                await SweepOneAsync(SweepKind.Ami, image.ImageId, Ec2Lookups.Tags(image.Tags), created, () =>
                    Ec2Calls.RunAsync(region, "DeregisterImage", () => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = image.ImageId }, cancellationToken)));
            }
        }

        private async Task SweepSnapshotsAsync(string account)
        {
            var ec2 = Ec2(account);
            var snapshots = await Ec2Calls.AllPagesAsync(region, "DescribeSnapshots",
                token => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"], Filters = Tagged, NextToken = token }, cancellationToken),
                r => r.Snapshots, r => r.NextToken);
            foreach (var snapshot in snapshots)
            {
                await SweepOneAsync(SweepKind.EbsSnapshot, snapshot.SnapshotId, Ec2Lookups.Tags(snapshot.Tags), snapshot.StartTime, () =>
                    Ec2Calls.RunAsync(region, "DeleteSnapshot", () => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshot.SnapshotId }, cancellationToken)));
            }
        }

        // RDS describe calls take no tag filters: one listing per kind, filtered by the tags each item carries.
        private async Task SweepRdsInstancesAsync(string account)
        {
            var instances = await owner.Rds.DescribeDBInstancesAsync(region, null, account, cancellationToken);
            foreach (var instance in instances.Where(i => i.Tags.ContainsKey(OwnershipTags.DrillId) && i.Status != "deleting"))
            {
                await SweepOneAsync(SweepKind.RdsInstance, instance.Identifier, instance.Tags, instance.InstanceCreateTime?.UtcDateTime, () =>
                    owner.Rds.DeleteDBInstanceAsync(region, instance.Identifier, account, cancellationToken));
            }
        }

        private async Task SweepRdsClustersAsync(string account)
        {
            var clusters = await owner.Rds.DescribeDBClustersAsync(region, null, account, cancellationToken);
            foreach (var cluster in clusters.Where(c => c.Tags.ContainsKey(OwnershipTags.DrillId) && c.Status != "deleting"))
            {
                await SweepOneAsync(SweepKind.RdsCluster, cluster.Identifier, cluster.Tags, null, () =>
                    owner.Rds.DeleteDBClusterAsync(region, cluster.Identifier, account, cancellationToken));
            }
        }

        private async Task SweepRdsSnapshotsAsync(string account)
        {
            var snapshots = await owner.Rds.DescribeDBSnapshotsAsync(region, new DbSnapshotQuery(SnapshotType: "manual"), account, cancellationToken);
            foreach (var snapshot in snapshots.Where(s => s.Tags.ContainsKey(OwnershipTags.DrillId) && s.Status != "deleting"))
            {
                await SweepOneAsync(SweepKind.RdsSnapshot, snapshot.Identifier, snapshot.Tags, snapshot.SnapshotCreateTime?.UtcDateTime, () =>
                    owner.Rds.DeleteDBSnapshotAsync(region, snapshot.Identifier, account, cancellationToken));
            }
        }

        private async Task SweepRdsClusterSnapshotsAsync(string account)
        {
            var snapshots = await owner.Rds.DescribeDBClusterSnapshotsAsync(region, new DbClusterSnapshotQuery(SnapshotType: "manual"), account, cancellationToken);
            foreach (var snapshot in snapshots.Where(s => s.Tags.ContainsKey(OwnershipTags.DrillId) && s.Status != "deleting"))
            {
                await SweepOneAsync(SweepKind.RdsClusterSnapshot, snapshot.Identifier, snapshot.Tags, snapshot.SnapshotCreateTime?.UtcDateTime, () =>
                    owner.Rds.DeleteDBClusterSnapshotAsync(region, snapshot.Identifier, account, cancellationToken));
            }
        }

        /// <summary>A listing that fails (region dark, access denied) is one failure of that kind; the other kinds go on.</summary>
        private async Task Guard(SweepKind kind, string account, Func<Task> sweep)
        {
            try
            {
                await sweep();
            }
            catch (AwsServiceException ex)
            {
                Fail(new SweptResource(kind, $"(listing in {account})", "", region, null), ex.ErrorCode, ex.Message);
            }
            catch (AwsRegionUnavailableException ex)
            {
                Fail(new SweptResource(kind, $"(listing in {account})", "", region, null), "RegionUnavailable", ex.Message);
            }
        }

        private async Task SweepOneAsync(SweepKind kind, string id, IReadOnlyDictionary<string, string> tags, DateTime? createdAt, Func<Task> delete)
        {
            var drill = tags[OwnershipTags.DrillId];
            var resource = new SweptResource(kind, id, drill, region, tags.GetValueOrDefault(OwnershipTags.Application));
            if (!await IsFinishedAsync(drill, createdAt))
            {
                Kept.Add(resource);
                return;
            }
            if (!RunbookTags.BelongsTo(tags, OwnershipTags.DrillId, drill, out var why))
            {
                NotOwned.Add(resource);
                Swept.Add(1, Tags(kind, "not-owned"));
                LogNotOwned(owner.Logger, Label(kind), id, drill, why);
                return;
            }
            try
            {
                await delete();
            }
            catch (AwsServiceException ex) when (IsGone(ex.ErrorCode))
            {
                // Deleted in between: the goal is reached.
            }
            catch (AwsServiceException ex)
            {
                Fail(resource, ex.ErrorCode, ex.Message);
                await owner.Audit.RecordAsync(new AuditEntry(Actor, AuditAction, "failed", resource.Application, $"{Label(kind)} {id}",
                    $"drill {drill}, region {region}: {ex.ErrorCode}: {ex.Message}"), cancellationToken);
                return;
            }
            catch (AwsRegionUnavailableException ex)
            {
                Fail(resource, "RegionUnavailable", ex.Message);
                return;
            }
            Deleted.Add(resource);
            Swept.Add(1, Tags(kind, "deleted"));
            await owner.Audit.RecordAsync(new AuditEntry(Actor, AuditAction, "succeeded", resource.Application, $"{Label(kind)} {id}",
                $"drill {drill}, region {region}"), cancellationToken);
        }

        private void Fail(SweptResource resource, string code, string message)
        {
            Failed.Add(new SweepFailure(resource, code, message));
            Swept.Add(1, Tags(resource.Kind, "failed"));
            LogDeleteFailed(owner.Logger, Label(resource.Kind), resource.Id, resource.DrillId, code, message);
        }

        /// <summary>Terminal in the store; or unknown to it and created longer than the grace period ago. Running: never.</summary>
        private async Task<bool> IsFinishedAsync(string drill, DateTime? createdAt)
        {
            if (!_drills.TryGetValue(drill, out var record))
            {
                record = await owner.Store.GetAsync(drill, cancellationToken);
                _drills[drill] = record;
            }
            if (record is not null)
            {
                return record.Phase.IsTerminal();
            }
            return createdAt is { } at
                && owner.Time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(at, at.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : at.Kind)) > UnknownDrillGrace;
        }

        private static bool IsGone(string code) =>
            code is "InvalidInstanceID.NotFound" or "InvalidVolume.NotFound" or "InvalidAMIID.NotFound" or "InvalidAMIID.Unavailable" or "InvalidSnapshot.NotFound"
            || RdsSelection.IsCode(code, "DBInstanceNotFound") || RdsSelection.IsCode(code, "DBClusterNotFoundFault")
            || RdsSelection.IsCode(code, "DBSnapshotNotFound") || RdsSelection.IsCode(code, "DBClusterSnapshotNotFoundFault");

        private static TagList Tags(SweepKind kind, string outcome) => new() { { "kind", Label(kind) }, { "outcome", outcome } };
    }

    public static string Label(SweepKind kind) => kind switch
    {
        SweepKind.Ec2Instance => "ec2-instance",
        SweepKind.EbsVolume => "ebs-volume",
        SweepKind.EbsSnapshot => "ebs-snapshot",
        SweepKind.Ami => "ami",
        SweepKind.RdsInstance => "rds-instance",
        SweepKind.RdsCluster => "rds-cluster",
        SweepKind.RdsSnapshot => "rds-snapshot",
        SweepKind.RdsClusterSnapshot => "rds-cluster-snapshot",
        _ => kind.ToString(),
    };

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Drill sweep of {Region}: {Deleted} deleted, {Failed} failed, {NotOwned} not owned, {Kept} kept (drill running or too recent)")]
    private static partial void LogSwept(ILogger logger, string region, int deleted, int failed, int notOwned, int kept);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "Drill sweep could not delete {Kind} {Id} of drill {DrillId}: {Code}: {Message}")]
    private static partial void LogDeleteFailed(ILogger logger, string kind, string id, string drillId, string code, string message);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Information, Message = "Drill sweep leaves {Kind} {Id} of drill {DrillId}: {Reason}")]
    private static partial void LogNotOwned(ILogger logger, string kind, string id, string drillId, string reason);

    [LoggerMessage(EventId = 7033, Level = LogLevel.Error, Message = "Drill sweep failed; the next interval tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

public enum SweepKind
{
    Ec2Instance,
    EbsVolume,
    EbsSnapshot,
    Ami,
    RdsInstance,
    RdsCluster,
    RdsSnapshot,
    RdsClusterSnapshot,
}

/// <summary>A drill-tagged resource the sweeper looked at.</summary>
public sealed record SweptResource(SweepKind Kind, string Id, string DrillId, string Region, string? Application);

/// <summary>A deletion (or listing) that failed, with the AWS error code.</summary>
public sealed record SweepFailure(SweptResource Resource, string ErrorCode, string Message);

/// <summary>One sweep: deleted, failed, left because not owned by DrService, kept because the drill runs or is too recent.</summary>
public sealed record DrillSweepResult(
    IReadOnlyList<SweptResource> Deleted, IReadOnlyList<SweepFailure> Failed, IReadOnlyList<SweptResource> NotOwned, IReadOnlyList<SweptResource> Kept);
