using DrService.Aws.CloudWatch;
using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using DrService.Monitoring;
using DrService.Testing;
using static DrService.Replication.ReplicationConditionTypes;
using static DrService.Tests.Replication.ConditionAssert;

namespace DrService.Tests.Replication;

/// <summary>The replica monitor against moto: sources in us-east-1, cross-region replicas in us-west-2, ReplicaLag put into CloudWatch.</summary>
[Collection(MotoFixture.Collection)]
public sealed class RdsReplicaMonitorTests(MotoFixture moto) : ReplicationMotoTestBase(moto)
{
    private async Task<DbInstance> PairAsync(string name)
    {
        var source = await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate(name, "db.t3.micro", "postgres", "admin", "secret-password-1", 20), cancellationToken: Ct);
        await Rds.CreateDBInstanceReadReplicaAsync(Dr, new DbReadReplicaCreate($"{name}-dr", source.Arn, Primary, "db.t3.micro"), cancellationToken: Ct);
        return source;
    }

    private Task PutLagAsync(string replica, double seconds, TimeSpan ago) =>
        CloudWatch.PutMetricDataAsync(Dr, "AWS/RDS",
        [
            new MetricDatum("ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", replica)], Timestamp = Clock.GetUtcNow() - ago, Value = seconds, Unit = "Seconds" },
        ], cancellationToken: Ct);

    [Theory]
    [InlineData(30, ConditionStatus.True, "WithinRpo", ConditionSeverity.Warning)]
    [InlineData(500, ConditionStatus.False, "RpoAtRisk", ConditionSeverity.Warning)]
    [InlineData(900, ConditionStatus.False, "RpoExceeded", ConditionSeverity.Critical)]
    public async Task ObserveAsync_ReplicaLagAgainstTenMinuteRpo_JudgesTheNewestPoint(double lag, ConditionStatus status, string reason, ConditionSeverity severity)
    {
        var name = $"lag-{(int)lag}";
        var source = await PairAsync(name);
        await PutLagAsync($"{name}-dr", 5, TimeSpan.FromMinutes(4));
        await PutLagAsync($"{name}-dr", lag, TimeSpan.FromMinutes(1));

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica(name, $"{name}-dr").Build(), Ct);

        var subject = $"replica:{name}-dr";
        Assert.Equal(5, conditions.Count);
        Is(conditions, subject, ReplicaExists, ConditionStatus.True, "Found");
        Is(conditions, subject, ReplicaAvailable, ConditionStatus.True, "Available");
        Is(conditions, subject, ReplicationRunning, ConditionStatus.True, "LagReported");
        Assert.Contains(source.Arn, Is(conditions, subject, ReplicaOfSource, ConditionStatus.True, "SourceMatches").Message, StringComparison.Ordinal);
        var judged = Is(conditions, subject, ReplicaLagWithinRpo, status, reason);
        Assert.Equal(lag, judged.Value);
        if (status == ConditionStatus.False)
        {
            Assert.Equal(severity, judged.Severity);
        }
    }

    [Fact]
    public async Task ObserveAsync_ReplicaLagMinusOne_ReplicationRunningFalseCritical()
    {
        await PairAsync("stopped");
        await PutLagAsync("stopped-dr", -1, TimeSpan.FromMinutes(1));

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica("stopped", "stopped-dr").Build(), Ct);

        var running = Is(conditions, "replica:stopped-dr", ReplicationRunning, ConditionStatus.False, "ReplicationNotRunning");
        Assert.Equal(ConditionSeverity.Critical, running.Severity);
        Is(conditions, "replica:stopped-dr", ReplicaLagWithinRpo, ConditionStatus.Unknown, "ReplicationNotRunning");
    }

    [Fact]
    public async Task ObserveAsync_NoLagPointInLookback_LagUnknownNoLagData()
    {
        await PairAsync("silent");
        await PutLagAsync("silent-dr", 3, TimeSpan.FromHours(2)); // older than the 15-minute lookback

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica("silent", "silent-dr").Build(), Ct);

        Is(conditions, "replica:silent-dr", ReplicaLagWithinRpo, ConditionStatus.Unknown, "NoLagData");
        Is(conditions, "replica:silent-dr", ReplicaExists, ConditionStatus.True, "Found");
    }

    [Fact]
    public async Task ObserveAsync_ReplicaCreatedInThePrimaryRegion_ReplicaExistsFalseWrongRegion()
    {
        var source = await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate("misplaced", "db.t3.micro", "postgres", "admin", "secret-password-1", 20), cancellationToken: Ct);
        await Rds.CreateDBInstanceReadReplicaAsync(Primary, new DbReadReplicaCreate("misplaced-dr", source.Arn), cancellationToken: Ct);

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica("misplaced", "misplaced-dr").Build(), Ct);

        var exists = Is(conditions, "replica:misplaced-dr", ReplicaExists, ConditionStatus.False, "WrongRegion");
        Assert.Equal(ConditionSeverity.Critical, exists.Severity);
        Assert.All(conditions.Where(c => c.Type != ReplicaExists), c => Assert.Equal((ConditionStatus.Unknown, "WrongRegion"), (c.Status, c.Reason)));
    }

    [Fact]
    public async Task ObserveAsync_NoSuchReplica_ReplicaExistsFalseReplicaNotFound()
    {
        await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate("lonely", "db.t3.micro", "postgres", "admin", "secret-password-1", 20), cancellationToken: Ct);

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica("lonely", "lonely-dr").Build(), Ct);

        Assert.Equal(ConditionSeverity.Critical, Is(conditions, "replica:lonely-dr", ReplicaExists, ConditionStatus.False, "ReplicaNotFound").Severity);
        Assert.Equal(5, conditions.Count);
    }

    [Fact]
    public async Task ObserveAsync_ReplicaOfAnotherSource_ReplicaOfSourceFalse()
    {
        await PairAsync("actual");
        await Rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate("expected", "db.t3.micro", "postgres", "admin", "secret-password-1", 20), cancellationToken: Ct);

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica("expected", "actual-dr").Build(), Ct);

        Is(conditions, "replica:actual-dr", ReplicaOfSource, ConditionStatus.False, "DifferentSource");
    }

    [Fact]
    public async Task ObserveAsync_DescribeDeniedInDrRegion_EveryConditionUnknownNamingTheCode()
    {
        await PairAsync("denied");
        var rule = Host.Faults.Fail(Dr, "rds", "AccessDenied", 403);
        try
        {
            var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Replica("denied", "denied-dr").Build(), Ct);

            Assert.Equal(5, conditions.Count);
            Assert.All(conditions, c => Assert.Equal((ConditionStatus.Unknown, "AccessDenied"), (c.Status, c.Reason)));
        }
        finally
        {
            Host.Faults.Remove(rule);
        }
    }

    [Fact]
    public async Task ObserveAsync_AuroraGlobalDatabaseWithDrSecondary_HealthySecondaryAndLagFromMilliseconds()
    {
        var writer = await Rds.CreateDBClusterAsync(Primary, new DbClusterCreate("glob-writer", "aurora-postgresql", "admin", "secret-password-1"), cancellationToken: Ct);
        // DrService does not create global databases: raw Query calls, as an operator's tooling would.
        await Host.Query.CallAsync(Primary, "default", new QueryRequest("rds", "2014-10-31", "CreateGlobalCluster")
            .With("GlobalClusterIdentifier", "orders-global")
            .With("SourceDBClusterIdentifier", writer.Arn), Ct);
        await Host.Query.CallAsync(Dr, "default", new QueryRequest("rds", "2014-10-31", "CreateDBCluster")
            .With("DBClusterIdentifier", "glob-secondary")
            .With("Engine", "aurora-postgresql")
            .With("MasterUsername", "admin")
            .With("MasterUserPassword", "secret-password-1")
            .With("GlobalClusterIdentifier", "orders-global"), Ct);
        await CloudWatch.PutMetricDataAsync(Dr, "AWS/RDS",
        [
            new MetricDatum("AuroraGlobalDBReplicationLag") { Dimensions = [new("DBClusterIdentifier", "glob-secondary")], Timestamp = Clock.GetUtcNow().AddMinutes(-1), Value = 1500, Unit = "Milliseconds" },
        ], cancellationToken: Ct);

        var conditions = await ReplicaMonitor().ObserveAsync(WatchOptionsBuilder.For("orders").Global("orders-global").Global("no-such-global").Build(), Ct);

        Is(conditions, "global:orders-global", GlobalClusterHealthy, ConditionStatus.True, "Available");
        Is(conditions, "global:orders-global", GlobalSecondaryInDrRegion, ConditionStatus.True, "SecondaryInDrRegion");
        Assert.Equal(1.5, Is(conditions, "global:orders-global", GlobalLagWithinRpo, ConditionStatus.True, "WithinRpo").Value);
        Is(conditions, "global:no-such-global", GlobalClusterHealthy, ConditionStatus.False, "GlobalClusterNotFound");
    }
}
