using DrService.Aws.CloudWatch;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Aws.Tests.CloudWatch;

[Collection(MotoFixture.Collection)]
public sealed class CloudWatchClientTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Region = "us-west-2";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly string[] Replicas = ["orders-replica-1", "orders-replica-2", "orders-replica-3"];
    private AwsTestHost _host = null!;
    private ICloudWatchClient _cw = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = new AwsTestHost(moto.Endpoint);
        _cw = _host.Services.GetRequiredService<ICloudWatchClient>();
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Two ReplicaLag points per replica, two minutes apart: older value i*10, newer value i*10 + 1.</summary>
    /// <remarks>
    /// Each test uses its own namespace and instance ids: the class shares one moto state, and moto 5.2.1's
    /// GetMetricData ignores the namespace of a query that has dimensions.
    /// </remarks>
    private async Task<DateTimeOffset> PutReplicaLagAsync(string metricNamespace, string[]? instances = null)
    {
        var now = DateTimeOffset.UtcNow;
        var data = (instances ?? Replicas).SelectMany((id, i) => new[]
        {
            new MetricDatum("ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", id)], Timestamp = now.AddMinutes(-3), Value = i * 10, Unit = "Seconds" },
            new MetricDatum("ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", id)], Timestamp = now.AddMinutes(-1), Value = (i * 10) + 1, Unit = "Seconds" },
        }).ToList();
        await _cw.PutMetricDataAsync(Region, metricNamespace, data, cancellationToken: Ct);
        return now;
    }

    [Fact]
    public async Task GetMetricData_ReplicaLagOfThreeInstances_ReturnsAllSeriesInOneCall()
    {
        var now = await PutReplicaLagAsync("AWS/RDS");
        var queries = Replicas.Select((id, i) => MetricDataQuery.ForMetric($"lag{i}", new MetricStat(
            new Metric("AWS/RDS", "ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", id)] }, 60, "Maximum"))).ToList();
        _host.Counter.Reset();

        var results = await _cw.GetMetricDataAsync(Region, new MetricDataRequest(queries, now.AddMinutes(-10), now.AddMinutes(1)), cancellationToken: Ct);

        Assert.Equal(1, _host.Counter.Count("monitoring", Region, "GetMetricData"));
        Assert.Equal(["lag0", "lag1", "lag2"], results.Select(r => r.Id));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(MetricDataResult.Complete, results[i].StatusCode);
            Assert.Equal(new[] { (double)(i * 10), (i * 10) + 1 }, results[i].Points.Select(p => p.Value).Order());
            Assert.Equal((i * 10) + 1, results[i].Latest?.Value);
        }
    }

    [Fact]
    public async Task GetLatest_ReplicaLagForThreeInstancesAndOneUnknown_ReturnsNewestValuePerInstance()
    {
        string[] instances = ["latest-1", "latest-2", "latest-3"];
        await PutReplicaLagAsync("DrService/Latest", instances);
        _host.Counter.Reset();

        var latest = await _cw.GetLatestAsync(Region, MetricSeries.RdsReplicaLag with { Namespace = "DrService/Latest" }, [.. instances, "no-such-replica"], TimeSpan.FromMinutes(10), cancellationToken: Ct);

        Assert.Equal(1, _host.Counter.Count("monitoring", Region, "GetMetricData"));
        Assert.Equal(1, latest["latest-1"]?.Value);
        Assert.Equal(11, latest["latest-2"]?.Value);
        Assert.Equal(21, latest["latest-3"]?.Value);
        Assert.Null(latest["no-such-replica"]);
    }

    [Fact]
    public async Task ListMetrics_ByNamespaceAndDimension_ReturnsTheMatchingMetrics()
    {
        string[] instances = ["list-1", "list-2", "list-3"];
        await PutReplicaLagAsync("DrService/Test", instances);

        var all = await _cw.ListMetricsAsync(Region, new MetricFilter { Namespace = "DrService/Test", MetricName = "ReplicaLag" }, cancellationToken: Ct);
        var one = await _cw.ListMetricsAsync(Region, new MetricFilter
        {
            Namespace = "DrService/Test",
            Dimensions = [("DBInstanceIdentifier", "list-2")],
        }, cancellationToken: Ct);

        Assert.Equal(instances, all.Select(m => Assert.Single(m.Dimensions).Value).Order());
        var metric = Assert.Single(one);
        Assert.Equal(("DrService/Test", "ReplicaLag"), (metric.Namespace, metric.MetricName));
        Assert.Equal(new MetricDimension("DBInstanceIdentifier", "list-2"), Assert.Single(metric.Dimensions));
    }
}
