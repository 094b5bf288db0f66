using System.Xml.Linq;
using DrService.Aws.CloudWatch;
using DrService.Aws.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Aws.Tests.CloudWatch;

/// <summary>moto 5.2.1 never pages GetMetricData, so NextToken handling is checked on recorded answers.</summary>
public sealed class CloudWatchPagingTests
{
    private static readonly XNamespace Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private static XElement Series(string id, string status, params (string Time, double Value)[] points) => new(Ns + "member",
        new XElement(Ns + "Id", id),
        new XElement(Ns + "Label", id + "-label"),
        new XElement(Ns + "Timestamps", points.Select(p => new XElement(Ns + "member", p.Time))),
        new XElement(Ns + "Values", points.Select(p => new XElement(Ns + "member", p.Value))),
        new XElement(Ns + "StatusCode", status));

    private static XElement Page(string? next, params XElement[] series) => new(Ns + "GetMetricDataResult",
        new XElement(Ns + "MetricDataResults", series),
        next is null ? null : new XElement(Ns + "NextToken", next));

    [Fact]
    public async Task GetMetricData_ThreePages_FollowsNextTokenAndMergesEachQuery()
    {
        var pages = new Dictionary<string, XElement>
        {
            [""] = Page("t1", Series("a", "PartialData", ("2025-01-01T00:03:00Z", 3), ("2025-01-01T00:02:00Z", 2)), Series("b", "PartialData", ("2025-01-01T00:03:00Z", 30))),
            ["t1"] = Page("t2", Series("a", "PartialData", ("2025-01-01T00:01:00Z", 1))),
            ["t2"] = Page(null, Series("a", "Complete"), Series("b", "Complete", ("2025-01-01T00:01:00Z", 10))),
        };
        var sent = new List<QueryRequest>();
        var client = new CloudWatchClient((region, account, request, ct) =>
        {
            sent.Add(request);
            var token = request.Parameters.FirstOrDefault(p => p.Key == "NextToken").Value ?? string.Empty;
            return Task.FromResult(pages[token]);
        }, new FakeTimeProvider());
        var queries = new[] { new MetricDataQuery("a") { Expression = "SEARCH('x', 'Average', 60)" }, new MetricDataQuery("b") { Expression = "a * 10" } };
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var results = await client.GetMetricDataAsync("us-east-1", new MetricDataRequest(queries, start, start.AddMinutes(5)));

        Assert.Equal([null, "t1", "t2"], sent.Select(r => r.Parameters.FirstOrDefault(p => p.Key == "NextToken").Value));
        Assert.All(sent, r => Assert.Single(r.Parameters, p => p.Key == "MetricDataQueries.member.2.Id"));
        Assert.Equal(["a", "b"], results.Select(r => r.Id));
        Assert.Equal([3.0, 2, 1], results[0].Points.Select(p => p.Value));
        Assert.Equal([30.0, 10], results[1].Points.Select(p => p.Value));
        Assert.All(results, r => Assert.Equal(MetricDataResult.Complete, r.StatusCode));
        Assert.Equal(3, results[0].Latest?.Value);
        Assert.Equal("a-label", results[0].Label);
    }

    [Fact]
    public async Task GetMetricData_MoreThan500Queries_SplitsIntoCallsOf500()
    {
        var sizes = new List<int>();
        var client = new CloudWatchClient((region, account, request, ct) =>
        {
            sizes.Add(request.Parameters.Count(p => p.Key.EndsWith(".Id", StringComparison.Ordinal)));
            return Task.FromResult(Page(null));
        }, new FakeTimeProvider());
        var queries = Enumerable.Range(0, 1200).Select(i => new MetricDataQuery($"q{i}") { Expression = "1" }).ToList();

        await client.GetMetricDataAsync("us-east-1", new MetricDataRequest(queries, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)));

        Assert.Equal([500, 500, 200], sizes);
    }
}
