using DrService.Aws.CloudWatch;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Replication;
using DrService.Testing;
using static DrService.Replication.ReplicationConditionTypes;
using static DrService.Tests.Replication.ConditionAssert;

namespace DrService.Tests.Replication;

/// <summary>
/// The S3 replication monitor against moto: source buckets in us-east-1, destinations in us-west-2. moto stores
/// replication rules but replicates nothing, so tests copy objects themselves; moto never sets an object's
/// ReplicationStatus (no PENDING or FAILED), so FAILED is shown through the OperationsFailedReplication metric.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class S3ReplicationMonitorTests(MotoFixture moto) : ReplicationMotoTestBase(moto)
{
    private S3Seed Seed => new(Host);

    private Task<IReadOnlyList<Condition>> ObserveAsync(string bucket, string prefix = "", ApplicationTier tier = ApplicationTier.B, bool? requireRtc = null) =>
        S3Monitor().ObserveAsync(WatchOptionsBuilder.For("orders").Tier(tier).Bucket(bucket, $"{bucket}-dr", prefix, requireRtc: requireRtc).Build(), Ct);

    [Fact]
    public async Task ObserveAsync_ReplicatedTierAPairWithRtc_EveryConditionTrue()
    {
        await Seed.PairAsync("good", rtc: true);
        foreach (var key in new[] { "a.json", "b.json", "c.json" })
        {
            await Seed.PutAsync("good", key);
            await Seed.ReplicateAsync("good", key);
        }
        Clock.Advance(TimeSpan.FromMinutes(30));

        var conditions = await ObserveAsync("good", tier: ApplicationTier.A);

        Assert.Equal(
            new[] { SourceVersioning, DestinationExists, DestinationVersioning, RuleCoversPrefix, ReplicationTimeControl, NoFailedObjects, ObjectsReplicated, LagWithinRpo }.Order(),
            conditions.Select(c => c.Type).Order());
        Assert.All(conditions, c => Assert.True(c.Status == ConditionStatus.True, $"{c.Type}: {c.Status}/{c.Reason} {c.Message}"));
        Assert.Equal(0, Single(conditions, "bucket:good", ObjectsReplicated).Value);
        Assert.Equal(0, Single(conditions, "bucket:good", LagWithinRpo).Value);
    }

    [Fact]
    public async Task ObserveAsync_SourceVersioningOff_SourceVersioningFalseCritical()
    {
        // Never versioned, so no rule either (S3 and moto refuse a replication configuration on an unversioned bucket).
        await Seed.PairAsync("unversioned", rulePrefix: null, sourceVersioning: false);
        await Seed.PutAsync("unversioned", "k");
        await Seed.ReplicateAsync("unversioned", "k");

        var conditions = await ObserveAsync("unversioned");

        Assert.Equal(ConditionSeverity.Critical, Is(conditions, "bucket:unversioned", SourceVersioning, ConditionStatus.False, "VersioningOff").Severity);
        Is(conditions, "bucket:unversioned", RuleCoversPrefix, ConditionStatus.False, "NoReplicationRules");
        Is(conditions, "bucket:unversioned", ObjectsReplicated, ConditionStatus.True, "AllReplicated");
    }

    /// <remarks>moto 5.2.1 answers every rule with an empty filter prefix: prefix coverage is tested in S3RuleMatcherTests.</remarks>
    [Theory]
    [InlineData(null, "NoReplicationRules")]
    [InlineData("elsewhere-bucket", "NoRuleForDestination")]
    [InlineData("", "RuleCovers")]
    public async Task ObserveAsync_ReplicationRules_RuleCoversPrefixOnlyForARuleToTheDestination(string? ruleDestination, string reason)
    {
        var bucket = $"rule-{Guid.NewGuid():N}"[..20];
        await Seed.PairAsync(bucket, ruleDestination is null ? null : "", ruleDestination: ruleDestination is { Length: > 0 } ? ruleDestination : null);

        var conditions = await ObserveAsync(bucket);

        var covers = Is(conditions, $"bucket:{bucket}", RuleCoversPrefix, reason == "RuleCovers" ? ConditionStatus.True : ConditionStatus.False, reason);
        Assert.Equal(ConditionSeverity.Critical, covers.Severity);
    }

    [Fact]
    public async Task ObserveAsync_DestinationMissing_DestinationExistsFalseAndCopiesUnknown()
    {
        await Seed.PairAsync("orphan", createDestination: false);
        await Seed.PutAsync("orphan", "k");

        var conditions = await ObserveAsync("orphan");

        Assert.Equal(ConditionSeverity.Critical, Is(conditions, "bucket:orphan", DestinationExists, ConditionStatus.False, "NoSuchBucket").Severity);
        Is(conditions, "bucket:orphan", DestinationVersioning, ConditionStatus.Unknown, "NoSuchBucket");
        Is(conditions, "bucket:orphan", ObjectsReplicated, ConditionStatus.Unknown, "NoSuchBucket");
    }

    [Fact]
    public async Task ObserveAsync_ObjectsMissingPastTheGrace_CountedMissingAndLagPastRpo()
    {
        await Seed.PairAsync("behind");
        await Seed.PutAsync("behind", "copied");
        await Seed.ReplicateAsync("behind", "copied");
        await Seed.PutAsync("behind", "lost-1");
        await Seed.PutAsync("behind", "lost-2", "other body");
        Clock.Advance(TimeSpan.FromMinutes(20));

        var conditions = await ObserveAsync("behind");

        Assert.Equal(2, Is(conditions, "bucket:behind", ObjectsReplicated, ConditionStatus.False, "ObjectsMissing").Value);
        var lag = Is(conditions, "bucket:behind", LagWithinRpo, ConditionStatus.False, "RpoExceeded");
        Assert.Equal(ConditionSeverity.Critical, lag.Severity);
        // The objects' LastModified is moto's real clock, taken after the fake clock started: under load the put may land
        // a few seconds after it, so the lag is 20 minutes less that gap.
        Assert.InRange(lag.Value!.Value, 19 * 60, 25 * 60);
    }

    [Fact]
    public async Task ObserveAsync_ObjectsMissingWithinTheGrace_PendingNotMissing()
    {
        await Seed.PairAsync("fresh");
        await Seed.PutAsync("fresh", "just-written");
        Clock.Advance(TimeSpan.FromMinutes(2));

        var conditions = await ObserveAsync("fresh");

        var replicated = Is(conditions, "bucket:fresh", ObjectsReplicated, ConditionStatus.True, "AllReplicated");
        Assert.Contains("1 pending", replicated.Message, StringComparison.Ordinal);
        Assert.InRange(Is(conditions, "bucket:fresh", LagWithinRpo, ConditionStatus.True, "WithinRpo").Value!.Value, 60, 5 * 60);
    }

    /// <remarks>
    /// S3 lists keys alphabetically: the newest object (<c>z-newest</c>, never replicated) is on the last page. Pages
    /// of 2 keys stand in for S3's 1,000 so that moto need not hold thousands of objects; one page read (the old
    /// behaviour, and SamplePages = 1 now) sees only a-1 and a-2, both replicated.
    /// </remarks>
    [Theory]
    [InlineData(true, 10, 1)]
    [InlineData(false, 10, 1)]
    [InlineData(true, 1, 0)]
    public async Task ObserveAsync_NewestObjectSortsLast_SampledWhenWithinSamplePages(bool versioned, int samplePages, int missing)
    {
        var bucket = $"late-{Guid.NewGuid():N}"[..20];
        await Seed.PairAsync(bucket, rulePrefix: versioned ? "" : null, sourceVersioning: versioned);
        foreach (var key in new[] { "a-1", "a-2", "a-3", "a-4", "a-5" })
        {
            await Seed.PutAsync(bucket, key);
            await Seed.ReplicateAsync(bucket, key);
        }
        await Seed.PutAsync(bucket, "z-newest", "never replicated");
        Clock.Advance(TimeSpan.FromMinutes(20));
        var monitor = new S3ReplicationMonitor(Host.Clients, CloudWatch, Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<S3ReplicationMonitor>.Instance) { ListPageSize = 2 };

        var conditions = await monitor.ObserveAsync(WatchOptionsBuilder.For("orders").Bucket(bucket, $"{bucket}-dr", sampleSize: 2, samplePages: samplePages).Build(), Ct);

        var replicated = Single(conditions, $"bucket:{bucket}", ObjectsReplicated);
        Assert.True(missing == (int)(replicated.Value ?? -1), $"{replicated.Status}/{replicated.Reason} {replicated.Message}");
        Assert.Equal(missing == 0 ? ConditionStatus.True : ConditionStatus.False, replicated.Status);
    }

    [Fact]
    public async Task ObserveAsync_DestinationHoldsOtherContent_CountedMissing()
    {
        await Seed.PairAsync("diverged");
        await Seed.PutAsync("diverged", "k", "new content");
        await Seed.Destination.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "diverged-dr", Key = "k", ContentBody = "old content" });
        Clock.Advance(TimeSpan.FromMinutes(20));

        var conditions = await ObserveAsync("diverged");

        Assert.Equal(1, Is(conditions, "bucket:diverged", ObjectsReplicated, ConditionStatus.False, "ObjectsMissing").Value);
    }

    [Fact]
    public async Task ObserveAsync_OperationsFailedReplicationMetric_NoFailedObjectsFalseCritical()
    {
        await Seed.PairAsync("failing");
        await CloudWatch.PutMetricDataAsync(Primary, "AWS/S3",
        [
            new MetricDatum("OperationsFailedReplication")
            {
                Dimensions = [new("SourceBucket", "failing"), new("DestinationBucket", "failing-dr"), new("RuleId", "failing-rule")],
                Timestamp = Clock.GetUtcNow().AddMinutes(-2),
                Value = 3,
                Unit = "Count",
            },
        ], cancellationToken: Ct);

        var conditions = await ObserveAsync("failing");

        var failed = Is(conditions, "bucket:failing", NoFailedObjects, ConditionStatus.False, "OperationsFailedReplication");
        Assert.Equal((ConditionSeverity.Critical, 3.0), (failed.Severity, failed.Value));
    }

    [Fact]
    public async Task ObserveAsync_RtcRequiredButNotEnabled_ReplicationTimeControlFalse()
    {
        await Seed.PairAsync("slow");

        var conditions = await ObserveAsync("slow", requireRtc: true);

        Is(conditions, "bucket:slow", ReplicationTimeControl, ConditionStatus.False, "NotEnabled");
    }

    [Fact]
    public async Task ObserveAsync_SourceRegionDeniesEverything_ConditionsUnknownNamingAccessDenied()
    {
        await Seed.PairAsync("locked");
        var rule = Host.Faults.Fail(Primary, "s3", "AccessDenied", 403);
        try
        {
            var conditions = await ObserveAsync("locked");

            foreach (var type in new[] { SourceVersioning, RuleCoversPrefix, NoFailedObjects, ObjectsReplicated, LagWithinRpo })
            {
                Is(conditions, "bucket:locked", type, ConditionStatus.Unknown, "AccessDenied");
            }
            Is(conditions, "bucket:locked", DestinationExists, ConditionStatus.True, "InDrRegion");
        }
        finally
        {
            Host.Faults.Remove(rule);
        }
    }

    [Fact]
    public async Task ObserveAsync_NoSuchSourceBucket_UnknownNamingNoSuchBucket()
    {
        var conditions = await ObserveAsync("never-made");

        Is(conditions, "bucket:never-made", SourceVersioning, ConditionStatus.Unknown, "NoSuchBucket");
        Is(conditions, "bucket:never-made", DestinationExists, ConditionStatus.False, "NoSuchBucket");
    }
}
