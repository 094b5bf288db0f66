using System.Globalization;
using Amazon.EC2.Model;
using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Configuration;

namespace DrService.Advisor;

public sealed partial class EstateSizeReader
{
    /// <summary>S3 publishes its storage metrics once a day: three days back finds the newest point.</summary>
    private static readonly TimeSpan BucketLookback = TimeSpan.FromDays(3);

    private static readonly List<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>What one source region holds, each listed once for every application there.</summary>
    private sealed record SourceListing(
        IReadOnlyList<Instance> Instances,
        IReadOnlyList<Volume> Volumes,
        IReadOnlyList<DbInstance> Databases,
        IReadOnlyDictionary<string, BucketSize> Buckets);

    private async Task<SourceListing> ReadSourceAsync(string region, string account, List<ApplicationOptions> apps, List<string> warnings, CancellationToken cancellationToken)
    {
        var client = aws.Ec2(region, account);
        IReadOnlyList<Instance> instances = apps.Any(a => a.Resources.Instances is not null)
            ? await TryAsync<Instance>(async () => await Ec2Calls.AllPagesAsync(region, "DescribeInstances",
                token => client.DescribeInstancesAsync(new DescribeInstancesRequest
                {
                    Filters = [new Filter("instance-state-name", LiveStates)],
                    MaxResults = Ec2Calls.MaxPageSize,
                    NextToken = token,
                }, cancellationToken),
                r => r.Reservations?.SelectMany(reservation => reservation.Instances ?? []),
                r => r.NextToken), Ec2Calls.Service, region, "DescribeInstances", warnings)
            : [];
        IReadOnlyList<Volume> volumes = apps.Any(a => a.Resources.Volumes is not null || a.Resources.Instances is not null)
            ? await TryAsync<Volume>(async () => await Ec2Calls.AllPagesAsync(region, "DescribeVolumes",
                token => client.DescribeVolumesAsync(new DescribeVolumesRequest { MaxResults = Ec2Calls.MaxPageSize, NextToken = token }, cancellationToken),
                r => r.Volumes,
                r => r.NextToken), Ec2Calls.Service, region, "DescribeVolumes", warnings)
            : [];
        var databases = apps.Any(a => a.Resources.DbInstances is not null || a.Resources.ReadReplicas.Count > 0)
            ? await TryAsync(() => rds.DescribeDBInstancesAsync(region, null, account, cancellationToken), "rds", region, "DescribeDBInstances", warnings)
            : [];
        var buckets = apps.SelectMany(a => a.Resources.BucketPairs).Select(p => p.Source).Distinct(StringComparer.Ordinal).ToList();
        return new SourceListing(instances, volumes, databases, await ReadBucketsAsync(region, account, buckets, warnings, cancellationToken));
    }

    /// <summary>BucketSizeBytes (StandardStorage) and NumberOfObjects (AllStorageTypes) of every bucket in one GetMetricData.</summary>
    private async Task<IReadOnlyDictionary<string, BucketSize>> ReadBucketsAsync(string region, string account, List<string> buckets, List<string> warnings, CancellationToken cancellationToken)
    {
        if (buckets.Count == 0)
        {
            return new Dictionary<string, BucketSize>(StringComparer.Ordinal);
        }
        MetricDataQuery Query(string id, string metric, string bucket, string storageType) => MetricDataQuery.ForMetric(id, new MetricStat(
            new Metric("AWS/S3", metric) { Dimensions = [new("BucketName", bucket), new("StorageType", storageType)] }, 86400, "Average"));
        var queries = buckets.SelectMany((bucket, i) => new[]
        {
            Query(string.Create(CultureInfo.InvariantCulture, $"size{i}"), "BucketSizeBytes", bucket, "StandardStorage"),
            Query(string.Create(CultureInfo.InvariantCulture, $"objects{i}"), "NumberOfObjects", bucket, "AllStorageTypes"),
        }).ToList();
        var now = time.GetUtcNow();
        var results = await TryAsync(() => cloudWatch.GetMetricDataAsync(region, new MetricDataRequest(queries, now - BucketLookback, now), account, cancellationToken),
            "monitoring", region, "GetMetricData", warnings);
        var byId = results.ToDictionary(r => r.Id, StringComparer.Ordinal);
        return buckets.Select((bucket, i) => new BucketSize(bucket,
                byId.GetValueOrDefault(string.Create(CultureInfo.InvariantCulture, $"size{i}"))?.Latest?.Value,
                byId.GetValueOrDefault(string.Create(CultureInfo.InvariantCulture, $"objects{i}"))?.Latest?.Value))
            .ToDictionary(b => b.Bucket, StringComparer.Ordinal);
    }
}
