using Amazon.EC2.Model;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Advisor;

public sealed partial class EstateSizeReader
{
    public const string FromDrCopy = "dr-copy";
    public const string FromSourceVolume = "source-volume";
    public const string FromAttachedVolumes = "attached-volumes";
    public const string NotFound = "not-found";

    /// <summary>
    /// One application's sizes: what its selectors pick in the source listings, sized by the newest DR copy where one
    /// exists (the copy is what is paid for), else by the source; resources known only by their DR copies (the source
    /// region unreachable, or the resource gone) are kept with the copy's size.
    /// </summary>
    private ApplicationSizes Assemble(
        string name, ApplicationOptions app, SourceListing source,
        Dictionary<(string App, ArtifactKind Kind, string Resource), Artifact> copies, IReadOnlyList<DbInstance> drDatabases, IReadOnlyList<string> warnings)
    {
        var r = app.Resources;
        long? Copy(ArtifactKind kind, string id) => copies.TryGetValue((name, kind, id), out var c) ? c.SizeGiB : null;
        IEnumerable<string> CopiedOnly(ArtifactKind kind, IEnumerable<string> found)
        {
            var known = found.ToHashSet(StringComparer.OrdinalIgnoreCase);
            return copies.Keys.Where(k => k.App == name && k.Kind == kind && !known.Contains(k.Resource)).Select(k => k.Resource).Order(StringComparer.Ordinal);
        }

        var volumes = r.Volumes is null ? [] : source.Volumes
            .Where(v => RdsSelection.Matches(r.Volumes, v.VolumeId, Ec2Tags.ToDictionary(v.Tags)))
            .Select(v => Copy(ArtifactKind.EbsSnapshot, v.VolumeId) is { } gb ? new VolumeSize(v.VolumeId, gb, FromDrCopy) : new VolumeSize(v.VolumeId, v.Size ?? 0, FromSourceVolume))
            .ToList();
        if (r.Volumes is not null)
        {
            volumes.AddRange(CopiedOnly(ArtifactKind.EbsSnapshot, volumes.Select(v => v.VolumeId)).Select(id => new VolumeSize(id, Copy(ArtifactKind.EbsSnapshot, id)!.Value, FromDrCopy)));
        }

        var instances = r.Instances is null ? [] : source.Instances
            .Where(i => RdsSelection.Matches(r.Instances, i.InstanceId, Ec2Tags.ToDictionary(i.Tags)))
            .Select(i => ImageOf(i, Copy(ArtifactKind.Image, i.InstanceId), source.Volumes))
            .ToList();
        if (r.Instances is not null)
        {
            instances.AddRange(CopiedOnly(ArtifactKind.Image, instances.Select(i => i.InstanceId)).Select(id => new InstanceSize(id, null, Copy(ArtifactKind.Image, id), FromDrCopy)));
        }

        var databases = r.DbInstances is null ? [] : source.Databases
            .Where(d => !d.IsReadReplica && RdsSelection.Matches(r.DbInstances, d.Identifier, d.Tags))
            .Select(d => new DatabaseSize(d.Identifier, d.InstanceClass, d.AllocatedStorage, Copy(ArtifactKind.DbSnapshot, d.Identifier)))
            .ToList();
        if (r.DbInstances is not null)
        {
            databases.AddRange(CopiedOnly(ArtifactKind.DbSnapshot, databases.Select(d => d.Identifier)).Select(id => new DatabaseSize(id, null, null, Copy(ArtifactKind.DbSnapshot, id))));
        }

        var replicas = r.ReadReplicas.Select(p => drDatabases.FirstOrDefault(d => Same(d.Identifier, p.Replica) || d.Arn == p.Replica) is { } found
            ? new ReplicaSize(found.Identifier, p.Source, found.InstanceClass, found.AllocatedStorage)
            : new ReplicaSize(p.Replica, p.Source, null, null)).ToList();
        // A replica's source that no DbInstances selector names is still a database whose class a replica would need.
        foreach (var pair in r.ReadReplicas.Where(p => databases.All(d => !Same(d.Identifier, p.Source))))
        {
            if (source.Databases.FirstOrDefault(d => Same(d.Identifier, pair.Source) || d.Arn == pair.Source) is { } db)
            {
                databases.Add(new DatabaseSize(db.Identifier, db.InstanceClass, db.AllocatedStorage, Copy(ArtifactKind.DbSnapshot, db.Identifier)));
            }
        }

        var buckets = r.BucketPairs.Select(p => source.Buckets.GetValueOrDefault(p.Source) ?? new BucketSize(p.Source, null, null)).ToList();
        var aurora = (r.DbClusters is null ? 0 : Math.Max(1, r.DbClusters.Ids.Count)) + r.GlobalClusters.Count;
        return new ApplicationSizes(name, volumes, instances, databases, replicas, buckets, aurora, warnings, time.GetUtcNow());
    }

    /// <summary>An instance's image size: its newest AMI copy's snapshots, else the sum of the volumes attached to it.</summary>
    private static InstanceSize ImageOf(Instance instance, long? copied, IReadOnlyList<Volume> volumes)
    {
        if (copied is { } gb)
        {
            return new InstanceSize(instance.InstanceId, instance.InstanceType?.Value, gb, FromDrCopy);
        }
        var attached = volumes.Where(v => (v.Attachments ?? []).Any(a => a.InstanceId == instance.InstanceId)).ToList();
        return attached.Count == 0
            ? new InstanceSize(instance.InstanceId, instance.InstanceType?.Value, null, NotFound)
            : new InstanceSize(instance.InstanceId, instance.InstanceType?.Value, attached.Sum(v => (long)(v.Size ?? 0)), FromAttachedVolumes);
    }

    private static bool Same(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || b.EndsWith(":" + a, StringComparison.OrdinalIgnoreCase);
}
