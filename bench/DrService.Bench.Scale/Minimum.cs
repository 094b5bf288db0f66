namespace DrService.Bench.Scale;

/// <summary>
/// The fewest AWS calls any correct client needs, per "service Operation", from the APIs' page and filter maxima (not
/// moto's). Backup cycle: as in bench/DrService.Bench.BackupCycle/Minimum.cs, per application and kind: discovery
/// pages + source-listing pages + copy-listing pages + one Copy per copy + one Describe poll per kind with copies.
/// Monitoring: DescribeDBInstances ceil(ids / 100) per region for the replicas (DR region) and their sources (source
/// regions), or every DB instance of the region if that is fewer pages; GetMetricData ceil(series / 500) per region;
/// S3, which has no batch read, per pair: both buckets' versioning, the rule, the destination's location, one listing
/// page and a HEAD of each sampled object in the source (its ReplicationStatus) and in the destination.
/// </summary>
public static class Minimum
{
    public const int Ec2Page = 1000;
    public const int VolumesPage = 500;
    public const int InstancesPage = 1000;
    public const int Ec2FilterValues = 200;
    public const int RdsPage = 100;
    public const int MetricQueries = 500;

    private static long Pages(int items, int page) => Math.Max(1, (items + page - 1) / page);

    /// <summary><paramref name="made"/>: copies issued this cycle per application and Copy operation; <paramref name="existing"/>: copies in the DR region before it.</summary>
    public static Dictionary<string, long> Backup(Estate estate, Func<App, string, int> made, Func<App, string, int> existing)
    {
        var min = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string op, long n) => min[op] = min.GetValueOrDefault(op) + n;
        foreach (var app in estate.Apps)
        {
            var copies = made(app, "CopySnapshot");
            Add("ec2 DescribeVolumes", Math.Max(app.ByIds ? Pages(app.Volumes.Count, Ec2FilterValues) : 1, Pages(app.Volumes.Count, VolumesPage)));
            Add("ec2 DescribeSnapshots", Pages(app.Volumes.Count, Ec2FilterValues) + Pages(existing(app, "CopySnapshot"), Ec2Page) + (copies > 0 ? 1 : 0));
            Add("ec2 CopySnapshot", copies);

            copies = made(app, "CopyImage");
            Add("ec2 DescribeInstances", Math.Max(app.ByIds ? Pages(app.Instances.Count, Ec2FilterValues) : 1, Pages(app.Instances.Count, InstancesPage)));
            Add("ec2 DescribeImages", Pages(app.Instances.Count, Ec2FilterValues) + Pages(existing(app, "CopyImage"), Ec2Page) + (copies > 0 ? 1 : 0));
            Add("ec2 CopyImage", copies);

            copies = made(app, "CopyDBSnapshot");
            // RDS filters know no tags: a tag selector has to read every DB instance of its region (replicas included).
            var inRegion = estate.Apps.Where(a => a.Region == app.Region).Sum(a => a.DbInstances.Count);
            Add("rds DescribeDBInstances", app.ByIds ? Pages(app.DbInstances.Count, RdsPage) : Pages(inRegion, RdsPage));
            Add("rds DescribeDBSnapshots", Pages(app.DbInstances.Count, RdsPage) + Pages(existing(app, "CopyDBSnapshot"), RdsPage) + (copies > 0 ? 1 : 0));
            Add("rds CopyDBSnapshot", copies);
        }
        return min;
    }

    public static Dictionary<string, long> Monitoring(Estate estate)
    {
        var min = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string op, long n) => min[op] = min.GetValueOrDefault(op) + n;
        var replicas = estate.Apps.Sum(a => a.Replicas.Count);
        var drInstances = replicas;
        Add("rds DescribeDBInstances", Math.Min(Pages(replicas, RdsPage), Pages(drInstances, RdsPage)));
        foreach (var region in estate.Apps.Select(a => a.Region).Distinct(StringComparer.Ordinal))
        {
            var apps = estate.Apps.Where(a => a.Region == region).ToList();
            var sources = apps.Sum(a => a.Replicas.Count);
            if (sources > 0)
            {
                Add("rds DescribeDBInstances", Math.Min(Pages(sources, RdsPage), Pages(apps.Sum(a => a.DbInstances.Count), RdsPage)));
            }
            var pairs = apps.Sum(a => a.BucketPairs.Count);
            if (pairs > 0)
            {
                Add("monitoring GetMetricData", Pages(3 * pairs, MetricQueries));
            }
        }
        if (replicas > 0)
        {
            Add("monitoring GetMetricData", Pages(replicas, MetricQueries));
        }
        var allPairs = estate.Apps.Sum(a => a.BucketPairs.Count);
        // AwsCallCounter sees the S3 SDK client's calls as "s3 *" (no operation name): one row. Per pair:
        // GetBucketVersioning x2, GetBucketReplication, GetBucketLocation, ListObjectVersions, HeadObject x2 per sampled object.
        Add("s3 *", (5L + (2L * Scale.ObjectsPerBucket)) * allPairs);
        return min;
    }
}
