using Amazon.EC2.Model;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Runbooks.Inventory;

public sealed partial class RecoveryInventoryResolver
{
    /// <summary>
    /// EC2 filters take at most 200 values (DescribeInstances/DescribeVolumes "Filter" documentation); ids are queried
    /// in chunks of this size, tags with one query.
    /// </summary>
    private const int FilterChunk = 200;

    /// <summary>Instances (each with its own AMI copy, type, Name and role) and volumes (each with its copy and attachment).</summary>
    private async Task ComputeAsync(Resolution run, CancellationToken cancellationToken)
    {
        var resources = run.App.Resources;
        run.Kind = RecoveryInventory.Instances;
        var instances = new List<Instance>();
        var instancesReadable = true;
        if (resources.Instances is { } instanceSelector && Selects(instanceSelector))
        {
            try
            {
                var ec2 = aws.Ec2(run.Source, run.Account);
                instances = await Ec2Calls.SelectAsync(instanceSelector, "instance-id", FilterChunk,
                    filters => Actions.Ec2Lookups.InstancesAsync(ec2, run.Source, filters, run.SourceToken), i => i.InstanceId);
                instances = [.. instances.Where(i => i.State?.Name?.Value is not ("terminated" or "shutting-down"))];
            }
            catch (Exception ex) when (IsSourceFailure(ex, cancellationToken))
            {
                instancesReadable = false;
                run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Resources:Instances",
                    $"the source region {run.Source} could not be read ({Describe(ex)}): instances come from their DR AMI copies");
            }
        }
        var images = resources.Instances is null ? [] : await NewestCopiesAsync(run, ArtifactKind.Image, cancellationToken);
        if (instancesReadable)
        {
            foreach (var instance in instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal))
            {
                var tags = Ec2Tags.ToDictionary(instance.Tags);
                AddInstance(run, instance.InstanceId, tags, instance.InstanceType?.Value, images.GetValueOrDefault(instance.InstanceId), "source");
            }
        }
        else
        {
            foreach (var (id, copy) in images.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                // The copy carries the source's facts (stamped by the backup cycle): its type, Name and role.
                var facts = new Dictionary<string, string>(StringComparer.Ordinal);
                if (copy.Tags.GetValueOrDefault(OwnershipTags.SourceName) is { } name)
                {
                    facts["Name"] = name;
                }
                if (copy.Tags.GetValueOrDefault(OwnershipTags.Role) is { } role)
                {
                    facts[run.App.Recovery.RoleTag] = role;
                }
                AddInstance(run, id, facts, copy.Tags.GetValueOrDefault(OwnershipTags.InstanceType), copy, "dr-copies");
            }
        }
        NoneFound(run, RecoveryInventory.Instances, resources.Instances, "Instances", "instances", instancesReadable);

        run.Kind = RecoveryInventory.Volumes;
        var volumes = new List<Volume>();
        var volumesReadable = true;
        if (resources.Volumes is { } volumeSelector && Selects(volumeSelector))
        {
            try
            {
                var ec2 = aws.Ec2(run.Source, run.Account);
                volumes = await Ec2Calls.SelectAsync(volumeSelector, "volume-id", FilterChunk,
                    filters => Actions.Ec2Lookups.VolumesAsync(ec2, run.Source, filters, run.SourceToken), v => v.VolumeId);
            }
            catch (Exception ex) when (IsSourceFailure(ex, cancellationToken))
            {
                volumesReadable = false;
                run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Resources:Volumes",
                    $"the source region {run.Source} could not be read ({Describe(ex)}): volumes come from their DR snapshot copies (attached where the copy records its instance and device)");
            }
        }
        var snapshots = resources.Volumes is null ? [] : await NewestCopiesAsync(run, ArtifactKind.EbsSnapshot, cancellationToken);
        var instanceKeys = run.Items.Where(i => i.Kind == RecoveryInventory.Instances).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        if (volumesReadable)
        {
            foreach (var volume in volumes.OrderBy(v => v.VolumeId, StringComparer.Ordinal))
            {
                var attachment = volume.Attachments?.FirstOrDefault(a => a.State?.Value is "attached" or "attaching");
                AddVolume(run, volume.VolumeId, attachment?.InstanceId, attachment?.Device, volume.VolumeType?.Value, volume.Size, volume.Encrypted == true,
                    snapshots.GetValueOrDefault(volume.VolumeId), instanceKeys, "source");
            }
        }
        else
        {
            foreach (var (id, copy) in snapshots.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                AddVolume(run, id, copy.Tags.GetValueOrDefault(OwnershipTags.AttachedTo), copy.Tags.GetValueOrDefault(OwnershipTags.Device), null,
                    (int?)copy.SizeGiB, copy.Encrypted, copy, instanceKeys, "dr-copies");
            }
        }
        NoneFound(run, RecoveryInventory.Volumes, resources.Volumes, "Volumes", "volumes", volumesReadable);
    }

    private static void AddInstance(Resolution run, string id, IReadOnlyDictionary<string, string> tags, string? sourceType, Artifact? copy, string source)
    {
        var recovery = run.App.Recovery;
        var type = sourceType is { Length: > 0 }
            ? recovery.InstanceTypes.GetValueOrDefault(sourceType) ?? sourceType
            : recovery.InstanceType;
        var name = tags.GetValueOrDefault("Name") is { Length: > 0 } n ? n : id;
        run.Items.Add(new InventoryItem(RecoveryInventory.Instances, id, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["name"] = name,
            ["role"] = tags.GetValueOrDefault(recovery.RoleTag) ?? "",
            ["instanceType"] = type,
            ["subnetId"] = recovery.SubnetId ?? "",
            ["securityGroupIds"] = string.Join(",", recovery.SecurityGroupIds),
            ["ami"] = copy?.Id ?? "",
            ["recoveryPoint"] = copy is null ? "" : Time(copy.SourceCreatedAt),
        })
        {
            Copy = copy?.Id,
            RecoveryPoint = copy?.SourceCreatedAt,
            Source = source,
        });
        CopyProblems(run, $"instance {id} ({name})", "AMI copy", id, copy, encrypted: false);
    }

    private static void AddVolume(Resolution run, string id, string? instance, string? device, string? volumeType, int? size, bool encrypted,
        Artifact? copy, HashSet<string> instances, string source)
    {
        var recovery = run.App.Recovery;
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (instance is not null && instances.Contains(instance))
        {
            links[RecoveryInventory.Instances] = instance;
        }
        run.Items.Add(new InventoryItem(RecoveryInventory.Volumes, id, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["device"] = links.Count > 0 ? device ?? "" : "",
            ["instance"] = links.Count > 0 ? instance! : "",
            ["volumeType"] = volumeType ?? "",
            ["size"] = size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["availabilityZone"] = recovery.AvailabilityZone ?? run.Dr + "a",
            ["copy"] = copy?.Id ?? "",
            ["recoveryPoint"] = copy is null ? "" : Time(copy.SourceCreatedAt),
        })
        {
            Links = links,
            Copy = copy?.Id,
            RecoveryPoint = copy?.SourceCreatedAt,
            Source = source,
        });
        CopyProblems(run, $"volume {id}", "snapshot copy", id, copy, encrypted);
        if (instance is not null && links.Count == 0)
        {
            run.Problem(ProblemSeverity.Warning, id, $"{run.Key}:Resources:Instances",
                $"volume {id} is attached to {instance}, which the application does not select: it is restored unattached");
        }
    }

    /// <summary>The problems of one copied item: no available copy yet; an encrypted source without a DR-region key.</summary>
    private static void CopyProblems(Resolution run, string what, string copyNoun, string id, Artifact? copy, bool encrypted)
    {
        if (copy is null)
        {
            run.Problem(ProblemSeverity.Error, id, $"{run.Key}:Schedule:Backup",
                $"{what} has no available {copyNoun} in {run.Dr} yet: run a backup (POST /api/v1/backups/{run.Name}/run) before failing over");
        }
        if (encrypted && string.IsNullOrEmpty(run.App.Backup.KmsKeyId))
        {
            run.Problem(ProblemSeverity.Error, id, RdsSelection.KmsKeyConfigurationKey(run.Name),
                $"{what} is encrypted and no DR-region KMS key is configured: its copies cannot be made or restored in {run.Dr}");
        }
    }

    private static bool Selects(ResourceSelector selector) => selector.Ids.Count > 0 || selector.Tags.Count > 0;

    /// <summary>A kind the configuration does not select, or whose selector matched nothing: the reason its steps are skipped.</summary>
    private static void NoneFound(Resolution run, string kind, ResourceSelector? selector, string key, string noun, bool readable)
    {
        if (run.Items.Any(i => i.Kind == kind))
        {
            return;
        }
        if (selector is null || !Selects(selector))
        {
            run.Empty(kind, $"the application selects no {noun} ({run.Key}:Resources:{key})");
            return;
        }
        if (!readable)
        {
            run.Empty(kind, $"{run.Source} could not be read and the DR region holds no copies of the application's {noun}");
            run.Problem(ProblemSeverity.Error, null, $"{run.Key}:Resources:{key}", $"no {noun} can be recovered: {run.Source} is unreadable and {run.Dr} holds no copies");
            return;
        }
        run.Empty(kind, $"the selector {run.Key}:Resources:{key} matched no {noun} in {run.Source}");
        run.Problem(ProblemSeverity.Warning, null, $"{run.Key}:Resources:{key}", $"the selector matched no {noun} in {run.Source}");
    }
}
