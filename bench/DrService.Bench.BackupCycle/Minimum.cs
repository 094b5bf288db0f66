namespace DrService.Bench.BackupCycle;

/// <summary>
/// The fewest AWS calls any correct client needs for one cycle, per operation, from the APIs' page and filter maxima
/// (not from what moto returns: moto ignores MaxResults on some EC2 Describe* calls). Per application and kind:
/// discovery pages + source-listing pages + copy-listing pages (each ceil(items / page maximum) and, where the listing
/// is by ids, ceil(ids / filter maximum); at least 1) + one Copy call per copy + one Describe poll per kind with copies.
/// </summary>
public static class Minimum
{
    /// <summary>EC2 DescribeSnapshots and DescribeImages: MaxResults up to 1000.</summary>
    public const int Ec2Page = 1000;

    /// <summary>EC2 DescribeVolumes: MaxResults up to 500.</summary>
    public const int VolumesPage = 500;

    /// <summary>EC2 DescribeInstances: MaxResults up to 1000.</summary>
    public const int InstancesPage = 1000;

    /// <summary>EC2: at most 200 values in one filter.</summary>
    public const int Ec2FilterValues = 200;

    /// <summary>RDS Describe*: MaxRecords up to 100.</summary>
    public const int RdsPage = 100;

    private static long Pages(int items, int page) => Math.Max(1, (items + page - 1) / page);

    /// <summary>
    /// The minimum per operation. <paramref name="made"/>: copies issued this cycle per application and operation
    /// (CopySnapshot, CopyImage, CopyDBSnapshot); <paramref name="existing"/>: the application's copies in the DR
    /// region before the cycle, by the same key.
    /// </summary>
    public static Dictionary<string, long> Of(Estate estate, Func<BenchApp, string, int> made, Func<BenchApp, string, int> existing)
    {
        var min = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string op, long n) => min[op] = min.GetValueOrDefault(op) + n;
        foreach (var app in estate.Apps)
        {
            if (app.Volumes.Count > 0)
            {
                var copies = made(app, "CopySnapshot");
                Add("DescribeVolumes", Math.Max(app.ByIds ? Pages(app.Volumes.Count, Ec2FilterValues) : 1, Pages(app.Volumes.Count, VolumesPage)));
                Add("DescribeSnapshots", Math.Max(Pages(app.Volumes.Count, Ec2FilterValues), Pages(app.Snapshots, Ec2Page))
                    + Pages(existing(app, "CopySnapshot"), Ec2Page) + (copies > 0 ? 1 : 0));
                Add("CopySnapshot", copies);
            }
            if (app.Instances.Count > 0)
            {
                var copies = made(app, "CopyImage");
                Add("DescribeInstances", Math.Max(app.ByIds ? Pages(app.Instances.Count, Ec2FilterValues) : 1, Pages(app.Instances.Count, InstancesPage)));
                Add("DescribeImages", Math.Max(Pages(app.Instances.Count, Ec2FilterValues), Pages(app.Images, Ec2Page))
                    + Pages(existing(app, "CopyImage"), Ec2Page) + (copies > 0 ? 1 : 0));
                Add("CopyImage", copies);
            }
            if (app.DbInstances.Count > 0)
            {
                var copies = made(app, "CopyDBSnapshot");
                // RDS filters know no tags: a tag selector has to read every DB instance of the region.
                var inRegion = estate.Apps.Where(a => a.Region == app.Region).Sum(a => a.DbInstances.Count);
                Add("DescribeDBInstances", app.ByIds ? Pages(app.DbInstances.Count, RdsPage) : Pages(inRegion, RdsPage));
                Add("DescribeDBSnapshots", Math.Max(Pages(app.DbInstances.Count, RdsPage), Pages(app.DbSnapshots, RdsPage))
                    + Pages(existing(app, "CopyDBSnapshot"), RdsPage) + (copies > 0 ? 1 : 0));
                Add("CopyDBSnapshot", copies);
            }
        }
        return min;
    }
}
