using System.Globalization;
using DrService.Configuration;

namespace DrService.Advisor;

/// <summary>
/// A tier's monthly cost from the sizes and the price table, pure. Every tier pays the snapshot copies (EBS volumes,
/// AMI snapshots, RDS snapshots; the backup cycle runs whatever the tier) and the S3 replication; pilot light adds a
/// running read replica and the stopped minimal fleet's volumes; tier A adds the replica and a running warm-standby
/// fleet. Incremental snapshots are approximated: the first retained copy at full size, each other at the data changed
/// in one copy period (<see cref="PricingOptions.SnapshotDailyChangeRate"/> × period in days, at most the full size);
/// each copy transfers that changed data across regions.
/// </summary>
public static class CostModel
{
    private const double BytesPerGb = 1024d * 1024 * 1024;

    public static CostBreakdown For(ApplicationTier tier, AdvisorInputs inputs, PricingOptions pricing)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(pricing);
        var lines = new List<CostLine>();
        var unpriced = new List<UnpricedItem>();
        var sizes = inputs.Sizes;
        var copiesPerMonth = pricing.HoursPerMonth / Math.Max(inputs.CopyPeriod.TotalHours, 1d / 60);
        var retained = Math.Max(1, inputs.RetainedCopies);
        var changed = Math.Min(1, pricing.SnapshotDailyChangeRate * inputs.CopyPeriod.TotalDays);
        var stored = 1 + ((retained - 1) * changed);

        var ebsGb = sizes.Volumes.Sum(v => (double)v.SizeGiB) + sizes.Instances.Sum(i => (double)(i.ImageGiB ?? 0));
        foreach (var instance in sizes.Instances.Where(i => i.ImageGiB is null))
        {
            unpriced.Add(new($"AMI copies of {instance.InstanceId}", "no AMI copy and no attached volume found: size unknown"));
        }
        if (ebsGb > 0)
        {
            Add(lines, $"EBS snapshot and AMI copies ({retained} retained, {ebsGb:0} GB full)", ebsGb * stored, "GB-month", pricing.EbsSnapshotGbMonth);
            Add(lines, "EBS copy transfer (changed data per copy)", ebsGb * changed * copiesPerMonth, "GB", pricing.CrossRegionTransferGb);
        }

        var dbGb = 0d;
        foreach (var db in sizes.Databases)
        {
            if ((db.SnapshotGiB ?? db.AllocatedGiB) is { } gb)
            {
                dbGb += gb;
            }
            else
            {
                unpriced.Add(new($"RDS snapshot copies of {db.Identifier}", "no snapshot copy and the DB instance was not found: size unknown"));
            }
        }
        if (dbGb > 0)
        {
            Add(lines, $"RDS snapshot copies ({retained} retained, {dbGb:0} GB full)", dbGb * stored, "GB-month", pricing.RdsSnapshotGbMonth);
            Add(lines, "RDS copy transfer (changed data per copy)", dbGb * changed * copiesPerMonth, "GB", pricing.CrossRegionTransferGb);
        }
        if (sizes.AuroraClusters > 0)
        {
            unpriced.Add(new($"{sizes.AuroraClusters} Aurora cluster(s)", "Aurora cluster snapshots and global databases are not modelled by the price table"));
        }

        AddBuckets(sizes, pricing, lines, unpriced);
        if (tier is ApplicationTier.A or ApplicationTier.PilotLight)
        {
            AddReplicas(sizes, pricing, lines, unpriced);
            AddFleet(tier, sizes, pricing, lines, unpriced);
        }

        var total = lines.Sum(l => l.Monthly);
        return new CostBreakdown(decimal.Round(total, 2), pricing.Currency, unpriced.Count == 0, lines, unpriced);
    }

    private static void AddBuckets(ApplicationSizes sizes, PricingOptions pricing, List<CostLine> lines, List<UnpricedItem> unpriced)
    {
        foreach (var bucket in sizes.Buckets)
        {
            if (bucket.Bytes is not { } bytes)
            {
                unpriced.Add(new($"S3 replication of {bucket.Bucket}", "no BucketSizeBytes data point in CloudWatch (S3 publishes it daily)"));
                continue;
            }
            var gb = bytes / BytesPerGb;
            Add(lines, $"S3 replicated storage of {bucket.Bucket}", gb, "GB-month", pricing.S3StorageGbMonth);
            Add(lines, $"S3 replication transfer of {bucket.Bucket}", gb * pricing.BucketMonthlyChangeRate, "GB", pricing.CrossRegionTransferGb);
        }
    }

    /// <summary>One running replica per database: the configured replica's class and storage where it exists, else the source's.</summary>
    private static void AddReplicas(ApplicationSizes sizes, PricingOptions pricing, List<CostLine> lines, List<UnpricedItem> unpriced)
    {
        var replicas = new List<(string Id, string? Class, long? Gb)>();
        foreach (var db in sizes.Databases)
        {
            var replica = sizes.Replicas.FirstOrDefault(r => r.InstanceClass is not null && SameDatabase(r.Source, db.Identifier));
            replicas.Add(replica is null
                ? ($"{db.Identifier} (replica to create)", db.InstanceClass, db.AllocatedGiB)
                : (replica.Identifier, replica.InstanceClass, replica.AllocatedGiB ?? db.AllocatedGiB));
        }
        replicas.AddRange(sizes.Replicas.Where(r => !sizes.Databases.Any(d => SameDatabase(r.Source, d.Identifier)))
            .Select(r => (r.Identifier, r.InstanceClass, r.AllocatedGiB)));
        foreach (var (id, instanceClass, gb) in replicas)
        {
            if (instanceClass is not null && pricing.DbInstanceHour.TryGetValue(instanceClass, out var hourly))
            {
                Add(lines, $"Read replica {id} ({instanceClass})", pricing.HoursPerMonth, "instance-hours", hourly);
            }
            else
            {
                unpriced.Add(new($"Read replica {id}", instanceClass is null
                    ? "DB instance class unknown (replica and source not found)"
                    : $"unpriced: DB instance class {instanceClass} has no entry in DrService:Pricing:DbInstanceHour"));
            }
            if (gb is { } storage)
            {
                Add(lines, $"Read replica {id} storage", storage, "GB-month", pricing.RdsStorageGbMonth);
                Add(lines, $"Read replica {id} replication transfer", storage * pricing.DatabaseMonthlyChangeRate, "GB", pricing.CrossRegionTransferGb);
            }
        }
    }

    /// <summary>Pilot light: the minimal fleet's volumes, instances stopped. Tier A: the warm-standby share of the fleet, running.</summary>
    private static void AddFleet(ApplicationTier tier, ApplicationSizes sizes, PricingOptions pricing, List<CostLine> lines, List<UnpricedItem> unpriced)
    {
        var fleet = sizes.Instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
        if (fleet.Count == 0)
        {
            return;
        }
        var count = tier == ApplicationTier.A
            ? Math.Max(1, (int)Math.Ceiling(fleet.Count * pricing.WarmStandbyFleetFraction))
            : Math.Min(fleet.Count, pricing.PilotLightInstances);
        var standby = fleet.Take(count).ToList();
        var volumeGb = standby.Sum(i => (double)(i.ImageGiB ?? 0));
        if (volumeGb > 0)
        {
            var state = tier == ApplicationTier.A ? "running" : "stopped";
            Add(lines, string.Create(CultureInfo.InvariantCulture, $"DR fleet volumes ({count} {state} instance(s))"), volumeGb, "GB-month", pricing.EbsVolumeGbMonth);
        }
        if (tier != ApplicationTier.A)
        {
            return;
        }
        foreach (var group in standby.GroupBy(i => i.InstanceType ?? "unknown", StringComparer.Ordinal))
        {
            if (pricing.InstanceHour.TryGetValue(group.Key, out var hourly))
            {
                Add(lines, $"Warm standby {group.Count()} × {group.Key}", (double)group.Count() * pricing.HoursPerMonth, "instance-hours", hourly);
            }
            else
            {
                unpriced.Add(new($"Warm standby {group.Count()} × {group.Key}", $"unpriced: instance type {group.Key} has no entry in DrService:Pricing:InstanceHour"));
            }
        }
    }

    /// <summary>A replica's configured source (an identifier or an ARN ending in it) names the database.</summary>
    private static bool SameDatabase(string source, string identifier) =>
        string.Equals(source, identifier, StringComparison.OrdinalIgnoreCase)
        || source.EndsWith(":" + identifier, StringComparison.OrdinalIgnoreCase);

    private static void Add(List<CostLine> lines, string item, double quantity, string unit, decimal unitPrice)
    {
        var q = Math.Round(quantity, 3);
        lines.Add(new CostLine(item, q, unit, unitPrice, decimal.Round((decimal)q * unitPrice, 2)));
    }
}
