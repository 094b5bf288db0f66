using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using DrService.Aws;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Bench.Scale;

/// <summary>
/// Seeds moto in parallel batches: per application its volumes with one snapshot each, instances (one RunInstances)
/// with one AMI each, DB instances with one snapshot each, cross-region read replicas of its first DB instances, and
/// versioned bucket pairs with a replication rule and a few objects in both buckets. Then it makes the fresh DR copies
/// of all but every <see cref="Scale.UncopiedEvery"/>th resource through the real drivers (so they carry the very
/// ownership tags a cycle would put on them): the measured cycle is mostly steady state.
/// </summary>
public sealed class Seeder(IAwsClientFactory aws, IRdsClient rds, IEnumerable<IArtifactDriver> drivers, Estate estate)
{
    private static readonly ParallelOptions Parallel8 = new() { MaxDegreeOfParallelism = 8 };

    private static string Id(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public async Task SeedAsync(Action<string> log, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(estate.Apps.SelectMany(a => Enumerable.Range(0, Scale.VolumesPerApp).Select(n => (App: a, N: n))), Options(cancellationToken), async (v, ct) =>
        {
            var volume = await aws.Ec2(v.App.Region).CreateVolumeAsync(new CreateVolumeRequest
            {
                AvailabilityZone = v.App.Region + "a",
                Size = 8,
                TagSpecifications = [Spec(ResourceType.Volume, v.App.Name)],
            }, ct);
            await aws.Ec2(v.App.Region).CreateSnapshotAsync(new CreateSnapshotRequest { VolumeId = volume.Volume.VolumeId, Description = "nightly" }, ct);
            lock (v.App)
            {
                v.App.Volumes.Add(volume.Volume.VolumeId);
            }
        });
        log($"volumes and snapshots: {estate.Apps.Sum(a => a.Volumes.Count):N0}");

        await Parallel.ForEachAsync(estate.Apps, Options(cancellationToken), async (app, ct) =>
        {
            var run = await aws.Ec2(app.Region).RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = "ami-12345678",
                InstanceType = InstanceType.T3Micro,
                MinCount = Scale.InstancesPerApp,
                MaxCount = Scale.InstancesPerApp,
                TagSpecifications = [Spec(ResourceType.Instance, app.Name)],
            }, ct);
            lock (app)
            {
                app.Instances.AddRange(run.Reservation.Instances.Select(i => i.InstanceId));
            }
        });
        await Parallel.ForEachAsync(estate.Apps.SelectMany(a => a.Instances.Select(i => (App: a, Instance: i))).ToList(), Options(cancellationToken), async (x, ct) =>
            await aws.Ec2(x.App.Region).CreateImageAsync(new CreateImageRequest { InstanceId = x.Instance, Name = $"nightly-{x.Instance}", NoReboot = true }, ct));
        log($"instances and AMIs: {estate.Apps.Sum(a => a.Instances.Count):N0}");

        await Parallel.ForEachAsync(estate.Apps.SelectMany(a => Enumerable.Range(0, Scale.DbsPerApp).Select(n => (App: a, N: n))), Options(cancellationToken), async (d, ct) =>
        {
            var id = Id($"db-{d.App.Name}-{d.N:D2}");
            var created = await rds.CreateDBInstanceAsync(d.App.Region, new DbInstanceCreate(id, "db.t3.micro", "postgres", "bench", "bench-password-1", 20,
                new Dictionary<string, string> { [App.Tag] = d.App.Name }), cancellationToken: ct);
            await rds.CreateDBSnapshotAsync(d.App.Region, id, $"{id}-nightly", cancellationToken: ct);
            if (d.N < Estate.PairsOf(d.App.Index))
            {
                var replica = $"{id}-dr";
                await rds.CreateDBInstanceReadReplicaAsync(Estate.Dr, new DbReadReplicaCreate(replica, created.Arn, SourceRegion: d.App.Region, InstanceClass: "db.t3.micro"), cancellationToken: ct);
                lock (d.App)
                {
                    d.App.Replicas.Add((id, replica));
                }
            }
            lock (d.App)
            {
                d.App.DbInstances.Add(id);
            }
        });
        log($"DB instances and snapshots: {estate.Apps.Sum(a => a.DbInstances.Count):N0}, read replicas: {estate.Apps.Sum(a => a.Replicas.Count):N0}");

        await Parallel.ForEachAsync(estate.Apps.SelectMany(a => Enumerable.Range(0, Estate.PairsOf(a.Index)).Select(n => (App: a, N: n))), Options(cancellationToken), async (b, ct) =>
        {
            var pair = (Source: Id($"bench-{b.App.Name}-{b.N}"), Destination: Id($"bench-{b.App.Name}-{b.N}-dr"));
            await BucketPairAsync(b.App.Region, pair.Source, pair.Destination, ct);
            lock (b.App)
            {
                b.App.BucketPairs.Add(pair);
            }
        });
        log($"bucket pairs: {estate.Apps.Sum(a => a.BucketPairs.Count):N0}");

        foreach (var app in estate.Apps)
        {
            app.Volumes.Sort(StringComparer.Ordinal);
            app.Instances.Sort(StringComparer.Ordinal);
            app.DbInstances.Sort(StringComparer.Ordinal);
            app.Replicas.Sort();
            app.BucketPairs.Sort();
        }
    }

    /// <summary>The fresh DR copies of every resource but each <see cref="Scale.UncopiedEvery"/>th, through the real drivers; returns how many.</summary>
    public async Task<int> CopyMostAsync(CancellationToken cancellationToken)
    {
        var byKind = drivers.ToDictionary(d => d.Kind);
        var work = new List<(IArtifactDriver Driver, App App, IReadOnlyList<string> Resources)>();
        foreach (var app in estate.Apps)
        {
            work.Add((byKind[ArtifactKind.EbsSnapshot], app, app.Volumes));
            work.Add((byKind[ArtifactKind.Image], app, app.Instances));
            work.Add((byKind[ArtifactKind.DbSnapshot], app, app.DbInstances));
        }
        var orders = new List<(IArtifactDriver Driver, CopyOrder Order)>();
        await Parallel.ForEachAsync(work, Options(cancellationToken), async (w, ct) =>
        {
            var sources = await w.Driver.ListSourceArtifactsAsync(w.App.Region, [.. w.Resources], "default", ct);
            var skip = w.Resources.Where((_, i) => (i + w.App.Index) % Scale.UncopiedEvery == 0).ToHashSet(StringComparer.Ordinal);
            // The newest available source backup of each resource, as the cycle picks it (moto adds automated RDS snapshots too).
            var newest = sources.Where(s => s.State == ArtifactState.Available && !skip.Contains(s.ResourceId))
                .GroupBy(s => s.ResourceId, StringComparer.Ordinal).Select(g => g.MaxBy(s => (s.CreatedAt, s.Id))!);
            foreach (var source in newest)
            {
                var key = CopyOrder.KeyFor(w.App.Name, source);
                var order = new CopyOrder(key, w.App.Name, source, Estate.Dr, CopyNames.ForCopy(w.App.Name, source), OwnershipTags.ForCopy(w.App.Name, source, key));
                lock (orders)
                {
                    orders.Add((w.Driver, order));
                }
            }
        });
        await Parallel.ForEachAsync(orders, Options(cancellationToken), async (o, ct) => await o.Driver.StartCopyAsync(o.Order, "default", ct));
        return orders.Count;
    }

    private async Task BucketPairAsync(string region, string source, string destination, CancellationToken cancellationToken)
    {
        var src = aws.S3(region);
        var dst = aws.S3(Estate.Dr);
        // The SDK sends eu-west-1 as the legacy "EU" location constraint, which moto refuses: such a source bucket is
        // created without a constraint (moto's S3 is one namespace; the monitor still reads it through its region's client).
        if (region == Estate.Primary)
        {
            await src.PutBucketAsync(new PutBucketRequest { BucketName = source }, cancellationToken);
        }
        else
        {
            await aws.S3(Estate.Primary).PutBucketAsync(new PutBucketRequest { BucketName = source }, cancellationToken);
        }
        await dst.PutBucketAsync(new PutBucketRequest { BucketName = destination, BucketRegionName = Estate.Dr }, cancellationToken);
        foreach (var (client, bucket) in new[] { (src, source), (dst, destination) })
        {
            await client.PutBucketVersioningAsync(new PutBucketVersioningRequest
            {
                BucketName = bucket,
                VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
            }, cancellationToken);
        }
        await src.PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = source,
            Configuration = new ReplicationConfiguration
            {
                Role = "arn:aws:iam::123456789012:role/bench-replication",
                Rules =
                [
                    new ReplicationRule
                    {
                        Id = $"{source}-to-dr",
                        Status = ReplicationRuleStatus.Enabled,
                        Priority = 1,
                        Filter = new ReplicationRuleFilter { Prefix = string.Empty },
                        DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Enabled },
                        Destination = new ReplicationDestination { BucketArn = $"arn:aws:s3:::{destination}" },
                    },
                ],
            },
        }, cancellationToken);
        // moto stores the rule but replicates nothing: the seeder plays the replicator, as the sandbox's does.
        for (var i = 0; i < Scale.ObjectsPerBucket; i++)
        {
            var key = Id($"object-{i}.json");
            var body = Id($"{{\"n\":{i}}}");
            await src.PutObjectAsync(new PutObjectRequest { BucketName = source, Key = key, ContentBody = body }, cancellationToken);
            await dst.PutObjectAsync(new PutObjectRequest { BucketName = destination, Key = key, ContentBody = body }, cancellationToken);
        }
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallel8.MaxDegreeOfParallelism, CancellationToken = cancellationToken };

    private static TagSpecification Spec(ResourceType type, string app) => new()
    {
        ResourceType = type,
        Tags = [new Amazon.EC2.Model.Tag(App.Tag, app)],
    };

    /// <summary>The DrService configuration of the estate, as flat configuration keys under <c>DrService:</c>.</summary>
    public static Dictionary<string, string?> Settings(Estate estate, Uri moto, string dataDirectory)
    {
        const string Never = "0 0 0 1 1 ? 2099";
        var s = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["DrService:Regions:Primary"] = Estate.Primary,
            ["DrService:Regions:Dr"] = Estate.Dr,
            ["DrService:Aws:ServiceUrl"] = moto.ToString(),
            ["DrService:Storage:Provider"] = "Sqlite",
            ["DrService:Storage:DataDirectory"] = dataDirectory,
            // The smallest interval the configuration accepts: moto completes copies at once.
            ["DrService:Backups:PollInterval"] = "00:00:01",
            // Nothing runs on its own: the bench runs the cycles itself, and the web host must not start any.
            ["DrService:Schedules:Backup"] = Never,
            ["DrService:Schedules:Monitoring"] = Never,
            ["DrService:Schedules:Retention"] = Never,
        };
        foreach (var app in estate.Apps)
        {
            var p = $"DrService:Applications:{app.Name}:";
            s[p + "Tier"] = app.Index % 3 == 0 ? "A" : "B";
            s[p + "Rpo"] = "04:00:00";
            s[p + "Rto"] = "08:00:00";
            s[p + "Schedule:Backup"] = Never;
            if (app.Region != Estate.Primary)
            {
                s[p + "Backup:SourceRegion"] = app.Region;
            }
            void Select(string kind, List<string> ids)
            {
                if (app.ByIds)
                {
                    for (var i = 0; i < ids.Count; i++)
                    {
                        s[Id($"{p}Resources:{kind}:Ids:{i}")] = ids[i];
                    }
                }
                else
                {
                    s[$"{p}Resources:{kind}:Tags:{App.Tag}"] = app.Name;
                }
            }
            Select("Volumes", app.Volumes);
            Select("Instances", app.Instances);
            Select("DbInstances", app.DbInstances);
            for (var i = 0; i < app.Replicas.Count; i++)
            {
                s[Id($"{p}Resources:ReadReplicas:{i}:Source")] = app.Replicas[i].Source;
                s[Id($"{p}Resources:ReadReplicas:{i}:Replica")] = app.Replicas[i].Replica;
            }
            for (var i = 0; i < app.BucketPairs.Count; i++)
            {
                s[Id($"{p}Resources:BucketPairs:{i}:Source")] = app.BucketPairs[i].Source;
                s[Id($"{p}Resources:BucketPairs:{i}:Destination")] = app.BucketPairs[i].Destination;
                s[Id($"{p}Resources:BucketPairs:{i}:SampleSize")] = Id($"{Scale.ObjectsPerBucket}");
            }
        }
        return s;
    }
}
