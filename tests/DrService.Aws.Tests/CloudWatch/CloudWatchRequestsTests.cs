using DrService.Aws.CloudWatch;

namespace DrService.Aws.Tests.CloudWatch;

public sealed class CloudWatchRequestsTests
{
    private static MetricDatum Datum(int i) => new("ReplicaLag")
    {
        Dimensions = [new("DBInstanceIdentifier", $"db-{i}")],
        Value = i,
        Unit = "Seconds",
    };

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(1000, new[] { 1000 })]
    [InlineData(1001, new[] { 1000, 1 })]
    [InlineData(2500, new[] { 1000, 1000, 500 })]
    public void PutMetricData_ManyDatums_SplitsIntoBatchesOfAtMost1000(int count, int[] expectedBatches)
    {
        var requests = CloudWatchRequests.PutMetricData("AWS/RDS", [.. Enumerable.Range(0, count).Select(Datum)]);

        Assert.Equal(expectedBatches, requests.Select(r => r.Parameters.Count(p => p.Key.EndsWith(".MetricName", StringComparison.Ordinal))));
        Assert.All(requests, r => Assert.Equal(("PutMetricData", "monitoring", "AWS/RDS"), (r.Action, r.Service, r.Parameters[0].Value)));
        var last = requests[^1];
        Assert.Contains(last.Parameters, p => p.Key == $"MetricData.member.{expectedBatches[^1]}.Dimensions.member.1.Value" && p.Value == $"db-{count - 1}");
    }

    [Fact]
    public void PutMetricData_ValuesAndCounts_FlattensMembers()
    {
        var datum = new MetricDatum("Latency")
        {
            Values = [1.5, 2],
            Counts = [3, 4],
            StorageResolution = 1,
            Timestamp = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
        };

        var body = Assert.Single(CloudWatchRequests.PutMetricData("App", [datum])).ToFormBody();

        Assert.Equal(
            "Action=PutMetricData&Version=2010-08-01&Namespace=App&MetricData.member.1.MetricName=Latency"
            + "&MetricData.member.1.Timestamp=2025-01-02T01%3A04%3A05Z"
            + "&MetricData.member.1.Values.member.1=1.5&MetricData.member.1.Values.member.2=2"
            + "&MetricData.member.1.Counts.member.1=3&MetricData.member.1.Counts.member.2=4"
            + "&MetricData.member.1.StorageResolution=1",
            body);
    }

    [Fact]
    public void GetMetricData_MetricStatAndExpression_FlattensQueriesTheCloudWatchWay()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var queries = new[]
        {
            MetricDataQuery.ForMetric("lag", new MetricStat(new Metric("AWS/RDS", "ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", "db-1")] }, 60, "Maximum") { Unit = "Seconds" }) with { ReturnData = false },
            new MetricDataQuery("lagMinutes") { Expression = "lag / 60", Label = "minutes" },
        };

        var request = CloudWatchRequests.GetMetricData(new MetricDataRequest(queries, start, start.AddHours(1)) { ScanBy = ScanBy.TimestampAscending }, queries);

        Assert.Equal(new Dictionary<string, string>
        {
            ["MetricDataQueries.member.1.Id"] = "lag",
            ["MetricDataQueries.member.1.MetricStat.Metric.Namespace"] = "AWS/RDS",
            ["MetricDataQueries.member.1.MetricStat.Metric.MetricName"] = "ReplicaLag",
            ["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name"] = "DBInstanceIdentifier",
            ["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"] = "db-1",
            ["MetricDataQueries.member.1.MetricStat.Period"] = "60",
            ["MetricDataQueries.member.1.MetricStat.Stat"] = "Maximum",
            ["MetricDataQueries.member.1.MetricStat.Unit"] = "Seconds",
            ["MetricDataQueries.member.1.ReturnData"] = "false",
            ["MetricDataQueries.member.2.Id"] = "lagMinutes",
            ["MetricDataQueries.member.2.Expression"] = "lag / 60",
            ["MetricDataQueries.member.2.Label"] = "minutes",
            ["StartTime"] = "2025-01-01T00:00:00Z",
            ["EndTime"] = "2025-01-01T01:00:00Z",
            ["ScanBy"] = "TimestampAscending",
        }, request.Parameters.ToDictionary(p => p.Key, p => p.Value));
    }
}
