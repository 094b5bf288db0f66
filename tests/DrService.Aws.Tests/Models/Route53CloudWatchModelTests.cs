using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DrService.Aws.CloudWatch;
using DrService.Aws.Protocol;
using DrService.Aws.Route53;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Aws.Tests.Models;

/// <summary>
/// Every Route 53 and CloudWatch operation our clients send, checked against the botocore service models (dumped by
/// route53_cloudwatch_model.py beside this file): operation names, HTTP method and URI template, query-string names,
/// body element names in schema order (Route 53), flattened Query parameter names (CloudWatch).
/// </summary>
public sealed partial class Route53CloudWatchModelTests
{
    private static readonly Lazy<JsonDocument> Model = new(() => LoadModel());

    private sealed record SentRestXml(string Operation, HttpMethod Method, string PathAndQuery, XElement? Body);

    [Fact]
    public async Task Route53Client_EveryOperation_MatchesTheBotocoreModel()
    {
        var sent = new List<SentRestXml>();
        var client = new Route53Client((account, operation, method, path, body, ct) =>
        {
            sent.Add(new(operation, method, path, body));
            return Task.FromResult(new XElement("Empty"));
        }) { PageSize = 50 };
        var config = new HealthCheckConfig(HealthCheckTypes.HttpsStrMatch)
        {
            IPAddress = "192.0.2.1", Port = 443, ResourcePath = "/h", FullyQualifiedDomainName = "a.example.com", SearchString = "ok",
            RequestInterval = 10, FailureThreshold = 2, MeasureLatency = true, Inverted = false, Disabled = false, EnableSni = true,
            Regions = ["us-east-1", "eu-west-1", "ap-southeast-1"],
        };
        var full = new ResourceRecordSet("a.example.com.", "A")
        {
            SetIdentifier = "p", Weight = 1, Region = "us-east-1", Failover = FailoverRoles.Primary, Ttl = 60, ResourceRecords = ["192.0.2.1"], HealthCheckId = "hc",
        };
        var alias = new ResourceRecordSet("b.example.com.", "A") { AliasTarget = new("Z1", "a.example.com.", true) };
        Func<Task>[] calls =
        [
            () => client.CreateHostedZoneAsync(new NewHostedZone("example.com.", "ref") { Comment = "c", Vpc = new("vpc-1", "us-east-1") }),
            () => client.GetHostedZoneAsync("/hostedzone/Z1"),
            () => client.ListHostedZonesAsync(),
            () => client.ListHostedZonesByNameAsync("example.com."),
            () => client.FindHostedZonesNamedAsync("example.com."),
            () => client.DeleteHostedZoneAsync("Z1"),
            () => client.ListResourceRecordSetsAsync("Z1"),
            () => client.ChangeResourceRecordSetsAsync("Z1", [ResourceRecordSetChange.Upsert(full), ResourceRecordSetChange.Create(alias)], "c"),
            () => client.GetChangeAsync("/change/C1"),
            () => client.CreateHealthCheckAsync("ref", config),
            () => client.GetHealthCheckAsync("hc"),
            () => client.ListHealthChecksAsync(),
            () => client.UpdateHealthCheckAsync("hc", new HealthCheckUpdate
            {
                HealthCheckVersion = 2, IPAddress = "192.0.2.2", Port = 80, ResourcePath = "/", FullyQualifiedDomainName = "b.example.com",
                SearchString = "s", FailureThreshold = 4, Inverted = true, Disabled = true, EnableSni = false, Regions = ["us-west-2"],
            }),
            () => client.DeleteHealthCheckAsync("hc"),
            () => client.GetHealthCheckStatusAsync("hc"),
            () => client.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, "hc", new Dictionary<string, string> { ["k"] = "v" }, ["old"]),
            () => client.ListTagsForResourceAsync(Route53TagResourceType.HostedZone, "Z1"),
            () => client.ListTagsForResourcesAsync(Route53TagResourceType.HealthCheck, ["hc1", "hc2"]),
        ];
        foreach (var call in calls)
        {
            await SwallowEmptyAnswer(call);
        }

        var operations = Model.Value.RootElement.GetProperty("route53");
        Assert.Equal(calls.Length, sent.Count);
        var failures = sent.SelectMany(s => Route53Failures(operations, s)).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task CloudWatchClient_EveryOperation_MatchesTheBotocoreModel()
    {
        var sent = new List<QueryRequest>();
        var client = new CloudWatchClient((region, account, request, ct) =>
        {
            sent.Add(request);
            return Task.FromResult(new XElement("Result"));
        }, new FakeTimeProvider());
        var stat = new MetricStat(new Metric("AWS/RDS", "ReplicaLag") { Dimensions = [new("DBInstanceIdentifier", "db")] }, 60, "Average") { Unit = "Seconds" };
        await client.GetMetricDataAsync("us-east-1", new MetricDataRequest(
            [MetricDataQuery.ForMetric("m", stat) with { ReturnData = false, Label = "l" }, new MetricDataQuery("e") { Expression = "m * 2", Period = 60 }],
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)) { ScanBy = ScanBy.TimestampAscending, MaxDatapoints = 100 });
        await client.GetLatestAsync("us-east-1", MetricSeries.RdsReplicaLag, ["db"], TimeSpan.FromMinutes(5));
        await client.PutMetricDataAsync("us-east-1", "App", [
            new MetricDatum("A") { Dimensions = [new("D", "v")], Timestamp = DateTimeOffset.UnixEpoch, Value = 1, Unit = "Count", StorageResolution = 1 },
            new MetricDatum("B") { Values = [1, 2], Counts = [1, 1] }]);
        await client.ListMetricsAsync("us-east-1", new MetricFilter { Namespace = "App", MetricName = "A", Dimensions = [("D", "v"), ("E", null)] });

        var operations = Model.Value.RootElement.GetProperty("monitoring");
        var failures = new List<string>();
        foreach (var request in sent)
        {
            Assert.Equal(("monitoring", "2010-08-01"), (request.Service, request.Version));
            if (!operations.TryGetProperty(request.Action, out var names))
            {
                failures.Add($"unknown action {request.Action}");
                continue;
            }
            var known = names.EnumerateArray().Select(n => n.GetString()).ToHashSet();
            failures.AddRange(request.Parameters
                .Select(p => Index().Replace(p.Key, ".N"))
                .Where(name => !known.Contains(name))
                .Select(name => $"{request.Action}: unknown parameter {name}"));
        }
        Assert.Equal(["GetMetricData", "GetMetricData", "PutMetricData", "ListMetrics"], sent.Select(r => r.Action));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static IEnumerable<string> Route53Failures(JsonElement operations, SentRestXml sent)
    {
        if (!operations.TryGetProperty(sent.Operation, out var op))
        {
            yield return $"unknown operation {sent.Operation}";
            yield break;
        }
        if (op.GetProperty("method").GetString() != sent.Method.Method)
        {
            yield return $"{sent.Operation}: method {sent.Method} but the model says {op.GetProperty("method")}";
        }
        var parts = sent.PathAndQuery.Split('?', 2);
        var template = "^" + Placeholder().Replace(Regex.Escape(op.GetProperty("uri").GetString()!.TrimEnd('/')), "[^/]+") + "/?$";
        if (!Regex.IsMatch(parts[0], template))
        {
            yield return $"{sent.Operation}: path {parts[0]} does not match {op.GetProperty("uri")}";
        }
        var query = op.GetProperty("query").EnumerateArray().Select(q => q.GetString()).ToHashSet();
        foreach (var name in parts.Length < 2 ? [] : parts[1].Split('&').Select(p => p.Split('=')[0]))
        {
            if (!query.Contains(name))
            {
                yield return $"{sent.Operation}: unknown query parameter {name}";
            }
        }
        var root = op.GetProperty("root").ValueKind == JsonValueKind.Null ? null : op.GetProperty("root").GetString();
        if (sent.Body is null || root is null)
        {
            if ((sent.Body is null) != (root is null))
            {
                yield return $"{sent.Operation}: body {(sent.Body is null ? "missing" : "not expected")}";
            }
            yield break;
        }
        if (sent.Body.Name != AwsRestXmlClient.Route53Namespace + root)
        {
            yield return $"{sent.Operation}: root {sent.Body.Name} but the model says {root} in the Route 53 namespace";
        }
        var elements = op.GetProperty("elements");
        foreach (var element in sent.Body.DescendantsAndSelf().Where(e => e.HasElements))
        {
            var path = string.Join('/', element.AncestorsAndSelf().Reverse().Select(e => e.Name.LocalName));
            if (!elements.TryGetProperty(path, out var allowed))
            {
                yield return $"{sent.Operation}: unknown element {path}";
                continue;
            }
            var order = allowed.EnumerateArray().Select(a => a.GetString()!).ToList();
            var positions = element.Elements().Select(c => (c.Name, Position: order.IndexOf(c.Name.LocalName))).ToList();
            foreach (var (name, position) in positions.Where(p => p.Position < 0))
            {
                yield return $"{sent.Operation}: unknown element {path}/{name.LocalName}";
            }
            if (positions.Zip(positions.Skip(1)).Any(p => p.First.Position > p.Second.Position))
            {
                yield return $"{sent.Operation}: children of {path} out of schema order: {string.Join(", ", positions.Select(p => p.Name.LocalName))}";
            }
            if (element.Elements().Any(c => c.Name.Namespace != AwsRestXmlClient.Route53Namespace))
            {
                yield return $"{sent.Operation}: element under {path} without the Route 53 namespace";
            }
        }
    }

    private static async Task SwallowEmptyAnswer(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (InvalidOperationException)
        {
            // the recorded answer is empty; only the request matters here
        }
    }

    private static JsonDocument LoadModel([CallerFilePath] string sourceFile = "")
    {
        var script = Path.Combine(Path.GetDirectoryName(sourceFile)!, "route53_cloudwatch_model.py");
        var pyenv = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims", "python3");
        using var process = Process.Start(new ProcessStartInfo(File.Exists(pyenv) ? pyenv : "python3", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed: {stderr}");
        return JsonDocument.Parse(stdout.Result);
    }

    [GeneratedRegex(@"\\\{[A-Za-z]+\+?}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\.\d+(?=\.|$)")]
    private static partial Regex Index();
}
