using DrService.Configuration;
using DrService.Monitoring;
using DrService.Replication;
using static DrService.Replication.ReplicationConditionTypes;

namespace DrService.Tests.Replication;

/// <summary>
/// The object-level verdicts from a sample whose ReplicationStatus values moto cannot produce (it never sets
/// PENDING or FAILED on an object): evaluated without AWS.
/// </summary>
public sealed class S3PairEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static S3PairState State(params SampledObject[] objects)
    {
        var app = new ApplicationOptions { Rpo = TimeSpan.FromMinutes(10) };
        var target = new S3PairTarget("orders", app, "default", new BucketPairOptions { Source = "src", Destination = "src-dr" }, "us-east-1", "us-west-2");
        return new S3PairState(target)
        {
            SourceVersioning = Observed<string>.Of("Enabled"),
            DestinationRegion = Observed<string>.Of("us-west-2"),
            DestinationVersioning = Observed<string>.Of("Enabled"),
            Rule = Observed<RuleMatch>.Of(new RuleMatch(null, "NoReplicationRules", "none")),
            Sample = Observed<IReadOnlyList<SampledObject>>.Of(objects),
        };
    }

    private static SampledObject Object(string key, TimeSpan age, string? status, DestinationCopy copy) =>
        new(key, "v1", Now - age, "\"etag\"", status, copy);

    [Fact]
    public void Evaluate_FailedAndPendingObjects_NoFailedObjectsFalseCriticalWithTheFailedCount()
    {
        var state = State(
            Object("failed", TimeSpan.FromMinutes(30), "FAILED", DestinationCopy.Missing),
            Object("pending", TimeSpan.FromMinutes(1), "PENDING", DestinationCopy.Missing),
            Object("done", TimeSpan.FromMinutes(40), "COMPLETED", DestinationCopy.Present));

        var conditions = S3PairEvaluator.Evaluate(state, null, new MonitoringOptions(), Now).ToList();

        var failed = conditions.Single(c => c.Type == NoFailedObjects);
        Assert.Equal((ConditionStatus.False, ConditionSeverity.Critical, "FailedObjects", 1.0), (failed.Status, failed.Severity, failed.Reason, failed.Value));
        var replicated = conditions.Single(c => c.Type == ObjectsReplicated);
        Assert.Equal((ConditionStatus.False, 1.0), (replicated.Status, replicated.Value));
        Assert.Contains("1 pending", replicated.Message, StringComparison.Ordinal);
        var lag = conditions.Single(c => c.Type == LagWithinRpo);
        Assert.Equal((ConditionStatus.False, "RpoExceeded", 1800.0), (lag.Status, lag.Reason, lag.Value));
    }

    [Fact]
    public void Evaluate_ReplicationLatencyMetricAboveTheSample_LagTakesTheMetric()
    {
        var state = State(Object("done", TimeSpan.FromMinutes(40), "COMPLETED", DestinationCopy.Present));
        var metrics = new S3PairMetrics(new(Now.AddMinutes(-1), 540), null, null, null);

        var lag = S3PairEvaluator.Evaluate(state, metrics, new MonitoringOptions(), Now).Single(c => c.Type == LagWithinRpo);

        Assert.Equal((ConditionStatus.False, ConditionSeverity.Warning, "RpoAtRisk", 540.0), (lag.Status, lag.Severity, lag.Reason, lag.Value));
        Assert.Contains("ReplicationLatency", lag.Message, StringComparison.Ordinal);
    }
}
