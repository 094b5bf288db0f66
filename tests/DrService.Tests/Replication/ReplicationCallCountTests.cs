using System.Globalization;
using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Monitoring;
using DrService.Testing;
using static DrService.Replication.ReplicationConditionTypes;

namespace DrService.Tests.Replication;

/// <summary>
/// What one monitoring cycle costs in AWS calls, counted at the HTTP layer (AwsCallCounter) over 50 applications.
/// The replica monitor is batched per region: per (account, region) ceil(ids/100) DescribeDBInstances (each one page),
/// plus one GetMetricData per replica region, whatever the number of replicas up to 100 per region.
/// The S3 monitor is per pair by nature: 3 + S calls in the source region and 2 + S (at most 2 + 2S) in the DR region
/// per pair for a sample of S objects, plus one GetMetricData per source region for every pair.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class ReplicationCallCountTests(MotoFixture moto) : ReplicationMotoTestBase(moto)
{
    private const int Applications = 50;

    private static string App(int i) => string.Create(CultureInfo.InvariantCulture, $"app{i:00}");

    [Fact]
    public async Task ObserveAsync_FiftyReplicaPairs_OneDescribePerRegionAndOneGetMetricData()
    {
        var options = WatchOptionsBuilder.For(App(0));
        var lag = new List<MetricDatum>();
        for (var i = 0; i < Applications; i++)
        {
            if (i > 0)
            {
                options.And(App(i));
            }
            var source = await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate($"{App(i)}-db", "db.t3.micro", "postgres", "admin", "secret-password-1", 20), cancellationToken: Ct);
            await Rds.CreateDBInstanceReadReplicaAsync(Dr, new DbReadReplicaCreate($"{App(i)}-db-dr", source.Arn, Primary, "db.t3.micro"), cancellationToken: Ct);
            options.Replica($"{App(i)}-db", $"{App(i)}-db-dr");
            lag.Add(new MetricDatum("ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", $"{App(i)}-db-dr")], Timestamp = Clock.GetUtcNow().AddMinutes(-1), Value = i, Unit = "Seconds" });
        }
        await CloudWatch.PutMetricDataAsync(Dr, "AWS/RDS", lag, cancellationToken: Ct);
        Host.Counter.Reset();

        var conditions = await ReplicaMonitor().ObserveAsync(options.Build(), Ct);

        Assert.Equal(Applications * 5, conditions.Count);
        Assert.All(conditions, c => Assert.True(c.Status == ConditionStatus.True, $"{c.Subject} {c.Type}: {c.Status}/{c.Reason} {c.Message}"));
        Assert.Equal(49, conditions.Single(c => c.Subject == "replica:app49-db-dr" && c.Type == ReplicaLagWithinRpo).Value);
        // 50 replica ids in the DR region; 50 sources + 50 replica ids (wrong-region check) in the primary: one page each.
        Assert.Equal(1, Host.Counter.Count("rds", Dr, "DescribeDBInstances"));
        Assert.Equal(1, Host.Counter.Count("rds", Primary, "DescribeDBInstances"));
        Assert.Equal(1, Host.Counter.Count("monitoring", Dr, "GetMetricData"));
        Assert.Equal(2, Host.Counter.Count(region: Dr));
        Assert.Equal(1, Host.Counter.Count(region: Primary));
    }

    [Fact]
    public async Task ObserveAsync_FiftyBucketPairs_FixedCallsPerPairAndOneGetMetricData()
    {
        const int sample = 2;
        var seed = new S3Seed(Host);
        var options = WatchOptionsBuilder.For(App(0));
        for (var i = 0; i < Applications; i++)
        {
            if (i > 0)
            {
                options.And(App(i));
            }
            var bucket = $"{App(i)}-data";
            await seed.PairAsync(bucket);
            for (var k = 0; k < sample; k++)
            {
                await seed.PutAsync(bucket, $"k{k}");
                await seed.ReplicateAsync(bucket, $"k{k}");
            }
            options.Bucket(bucket, $"{bucket}-dr", sampleSize: sample);
        }
        Host.Counter.Reset();

        var conditions = await S3Monitor().ObserveAsync(options.Build(), Ct);

        Assert.All(conditions, c => Assert.True(c.Status == ConditionStatus.True, $"{c.Subject} {c.Type}: {c.Status}/{c.Reason} {c.Message}"));
        Assert.Equal(Applications * 7, conditions.Count);
        // Source: GetBucketVersioning, GetBucketReplication, ListObjectVersions, HeadObject per sampled object.
        Assert.Equal(Applications * (3 + sample), Host.Counter.Count("s3", Primary));
        // DR: GetBucketLocation, GetBucketVersioning, HeadObject of the version per object, and (moto cannot keep
        // version ids) a version-less HeadObject per object.
        Assert.Equal(Applications * (2 + (2 * sample)), Host.Counter.Count("s3", Dr));
        Assert.Equal(1, Host.Counter.Count("monitoring", Primary, "GetMetricData"));
        Assert.Equal(0, Host.Counter.Count("monitoring", Dr));
    }
}
