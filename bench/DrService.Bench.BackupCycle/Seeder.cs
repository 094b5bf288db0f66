using Amazon.EC2;
using Amazon.EC2.Model;
using DrService.Aws;
using DrService.Aws.Rds;

namespace DrService.Bench.BackupCycle;

/// <summary>Seeds moto as a user's estate looks: volumes with snapshots, instances with AMIs, DB instances with snapshots, in parallel batches.</summary>
public sealed class Seeder(IAwsClientFactory aws, IRdsClient rds, Estate estate)
{
    public const string SampleTag = "bench-sample";

    private static readonly ParallelOptions Parallel8 = new() { MaxDegreeOfParallelism = 8 };

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var scale = estate.Scale;
        var volumes = Enumerable.Range(0, scale.Volumes).Select(i => (Index: i, App: estate.Owner(i, scale.Volumes))).ToList();
        await Parallel.ForEachAsync(volumes, Parallel8, async (v, ct) =>
        {
            var id = await VolumeAsync(v.App.Region, [new(BenchApp.Tag, v.App.Name)], ct);
            for (var s = 0; s < scale.SnapshotsPerVolume; s++)
            {
                await SnapshotAsync(v.App.Region, id, ct);
            }
            lock (v.App)
            {
                v.App.Volumes.Add(id);
                v.App.Snapshots += scale.SnapshotsPerVolume;
            }
        });

        // One RunInstances per application, then the AMIs.
        var instanceCounts = Enumerable.Range(0, scale.Instances).GroupBy(i => estate.Owner(i, scale.Instances)).ToList();
        foreach (var group in instanceCounts)
        {
            var app = group.Key;
            var run = await aws.Ec2(app.Region).RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = "ami-12345678",
                InstanceType = InstanceType.T3Micro,
                MinCount = group.Count(),
                MaxCount = group.Count(),
                TagSpecifications = [Spec(ResourceType.Instance, [new(BenchApp.Tag, app.Name)])],
            }, cancellationToken);
            app.Instances.AddRange(run.Reservation.Instances.Select(i => i.InstanceId));
        }
        var images = estate.Apps.SelectMany(a => a.Instances.SelectMany(i => Enumerable.Range(0, scale.ImagesPerInstance).Select(n => (App: a, Instance: i, N: n)))).ToList();
        await Parallel.ForEachAsync(images, Parallel8, async (x, ct) =>
        {
            await aws.Ec2(x.App.Region).CreateImageAsync(new CreateImageRequest
            {
                InstanceId = x.Instance,
                Name = $"nightly-{x.Instance}-{x.N}",
                NoReboot = true,
            }, ct);
            lock (x.App)
            {
                x.App.Images++;
            }
        });

        var dbs = Enumerable.Range(0, scale.DbInstances).Select(i => (Index: i, App: estate.Owner(i, scale.DbInstances))).ToList();
        await Parallel.ForEachAsync(dbs, Parallel8, async (d, ct) =>
        {
            var id = $"db-{d.App.Name}-{d.Index:D4}";
            await rds.CreateDBInstanceAsync(d.App.Region, new DbInstanceCreate(id, "db.t3.micro", "postgres", "bench", "bench-password-1", 20,
                new Dictionary<string, string> { [BenchApp.Tag] = d.App.Name }), cancellationToken: ct);
            for (var s = 0; s < scale.SnapshotsPerDb; s++)
            {
                await rds.CreateDBSnapshotAsync(d.App.Region, id, $"{id}-nightly-{s}", cancellationToken: ct);
            }
            lock (d.App)
            {
                d.App.DbInstances.Add(id);
                d.App.DbSnapshots += scale.SnapshotsPerDb;
            }
        });
        foreach (var app in estate.Apps)
        {
            app.Volumes.Sort(StringComparer.Ordinal);
            app.Instances.Sort(StringComparer.Ordinal);
            app.DbInstances.Sort(StringComparer.Ordinal);
        }
    }

    /// <summary><paramref name="count"/> fresh volumes in the primary region tagged <see cref="SampleTag"/>=<paramref name="sample"/>, one snapshot each; returns the snapshot ids.</summary>
    public async Task<List<string>> SampleAsync(string sample, int count, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), Parallel8, async (_, ct) =>
        {
            var volume = await VolumeAsync(Estate.Primary, [new(SampleTag, sample)], ct);
            var snapshot = await SnapshotAsync(Estate.Primary, volume, ct);
            lock (ids)
            {
                ids.Add(snapshot);
            }
        });
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private async Task<string> VolumeAsync(string region, KeyValuePair<string, string>[] tags, CancellationToken cancellationToken)
    {
        var created = await aws.Ec2(region).CreateVolumeAsync(new CreateVolumeRequest
        {
            AvailabilityZone = region + "a",
            Size = 8,
            TagSpecifications = [Spec(ResourceType.Volume, tags)],
        }, cancellationToken);
        return created.Volume.VolumeId;
    }

    private async Task<string> SnapshotAsync(string region, string volumeId, CancellationToken cancellationToken)
    {
        var created = await aws.Ec2(region).CreateSnapshotAsync(new CreateSnapshotRequest { VolumeId = volumeId, Description = "nightly" }, cancellationToken);
        return created.Snapshot.SnapshotId;
    }

    private static TagSpecification Spec(ResourceType type, KeyValuePair<string, string>[] tags) => new()
    {
        ResourceType = type,
        Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))],
    };
}
