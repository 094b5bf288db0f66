using System.Collections;
using System.Reflection;
using System.Xml.Linq;
using DrService.Aws.CloudWatch;
using DrService.Aws.Credentials;
using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using DrService.Aws.Route53;
using DrService.Testing;
using DrService.Testing.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Aws.Tests.Models;

/// <summary>
/// The VALUES our clients send and the fields they read, checked against botocore's shapes (issue 14): required
/// members, lengths, patterns, enums, ranges, list sizes, and the limits RDS states only in its documentation
/// (<see cref="DocumentedLimits"/>). Every test host also checks each request it sends (<see cref="ModelConformanceInspector"/>);
/// these tests pin the checker itself and the requests at AWS's limits.
/// </summary>
public sealed class ValueConformanceTests
{
    private static readonly string Long63 = "a" + new string('b', 61) + "c";
    private static readonly string Long255 = "a" + new string('b', 253) + "c";
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["dr:app"] = "orders",
        ["dr:managed-by"] = "drservice",
        ["dr:copy-of"] = "arn:aws:rds:us-east-1:123456789012:snapshot:rds:orders-db-2026-12-04-10-00",
        ["dr:created-at"] = "2026-12-04T10:00:00+00:00",
        [new string('k', 128)] = new string('v', 256),
    };

    [Fact]
    public async Task RdsRequests_AtTheDocumentedLimits_BreakNoRule()
    {
        var rds = await BotocoreShapes.LoadAsync("rds");
        var client = NewRdsClient(out var host);
        using var _ = host;
        var ct = CancellationToken.None;
        QueryRequest[] requests =
        [
            RdsRequests.CreateDBSnapshot(Long63, Long255, Tags),
            RdsRequests.CreateDBClusterSnapshot(Long63, Long63, Tags),
            await client.BuildCopyDBSnapshotAsync("us-west-2",
                new DbSnapshotCopy("arn:aws:rds:us-east-1:1:snapshot:s", Long255, "us-east-1", "alias/dr", true, Tags, "og"), "default", ct),
            await client.BuildCopyDBClusterSnapshotAsync("us-west-2",
                new DbClusterSnapshotCopy("arn:aws:rds:us-east-1:1:cluster-snapshot:s", Long63, "us-east-1", "alias/dr", true, Tags), "default", ct),
            RdsRequests.PromoteReadReplica(Long63, 35),
            RdsRequests.RestoreDBInstanceFromDBSnapshot(new DbInstanceRestore(Long63, Long255, "db.t3.micro", "subnets", ["sg-1", "sg-2"], true, Tags)),
            RdsRequests.RestoreDBClusterFromSnapshot(new DbClusterRestore(Long63, Long63, "aurora-postgresql", "subnets", ["sg-1"], Tags)),
            RdsRequests.CreateDBInstance(new DbInstanceCreate(Long63, "db.t3.micro", "postgres", "admin_1", "password-of-41-chars-is-still-fine-123456", 20, Tags, true, "k", null)),
            RdsRequests.CreateDBCluster(new DbClusterCreate(Long63, "aurora-postgresql", "admin1", "password", true, "k", Tags)),
            RdsRequests.CreateGlobalCluster(Long63, "arn:aws:rds:us-west-2:1:cluster:c"),
            RdsRequests.AddTagsToResource("arn:aws:rds:us-west-2:1:snapshot:s", Tags),
        ];

        var violations = requests.SelectMany(rds.Check).ToList();

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [InlineData("CopyDBClusterSnapshot", "TargetDBClusterSnapshotIdentifier", 64, "1 to 63")]
    [InlineData("CreateDBClusterSnapshot", "DBClusterSnapshotIdentifier", 64, "1 to 63")]
    [InlineData("CopyDBSnapshot", "TargetDBSnapshotIdentifier", 256, "1 to 255")]
    [InlineData("RestoreDBInstanceFromDBSnapshot", "DBInstanceIdentifier", 64, "1 to 63")]
    public async Task RdsIdentifier_OneOverTheDocumentedLimit_IsAViolationCitingTheModel(string action, string member, int length, string quoted)
    {
        var rds = await BotocoreShapes.LoadAsync("rds");
        var request = new QueryRequest("rds", "2014-10-31", action).With(member, "a" + new string('b', length - 1));

        var violations = rds.Check(request);

        Assert.Contains(violations, v => v.Contains($"{action}.{member}", StringComparison.Ordinal) && v.Contains(quoted, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CreateDBSnapshot", "DBSnapshotIdentifier", "1-orders", "does not start with a letter")]
    [InlineData("CreateDBSnapshot", "DBSnapshotIdentifier", "orders--db", "two in a row")]
    [InlineData("CreateDBSnapshot", "DBSnapshotIdentifier", "orders_db", "letters, numbers or hyphens")]
    [InlineData("CreateGlobalCluster", "Engine", "postgres", "aurora-mysql or aurora-postgresql")]
    [InlineData("PromoteReadReplica", "BackupRetentionPeriod", "36", "0-35")]
    [InlineData("AddTagsToResource", "Tags.Tag.1.Key", "aws:owner", "aws: or rds:")]
    [InlineData("AddTagsToResource", "Tags.Tag.1.Value", "a#b", "outside letters")]
    public async Task RdsValue_BreakingADocumentedRule_IsAViolation(string action, string parameter, string value, string expected)
    {
        var rds = await BotocoreShapes.LoadAsync("rds");
        var request = new QueryRequest("rds", "2014-10-31", action).With(parameter, value);

        var violations = rds.Check(request);

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RdsRequest_WithoutARequiredMember_IsAViolation()
    {
        var rds = await BotocoreShapes.LoadAsync("rds");

        var violations = rds.Check(new QueryRequest("rds", "2014-10-31", "CopyDBSnapshot").With("TargetDBSnapshotIdentifier", "t"));

        Assert.Equal(["CopyDBSnapshot.SourceDBSnapshotIdentifier: required by the model and not sent"], violations);
    }

    [Fact]
    public async Task DocumentedLimits_EveryQuote_IsStillInTheMembersDocumentation()
    {
        var rds = await BotocoreShapes.LoadAsync("rds");
        var missing = new List<string>();
        foreach (var limit in DocumentedLimits.All)
        {
            var operations = limit.Operation == "*"
                ? rds.Operations.Keys.Where(o => rds.Member(o, limit.Parameter) is not null).ToList()
                : [limit.Operation];
            Assert.NotEmpty(operations);
            foreach (var operation in operations)
            {
                var member = rds.Member(operation, limit.Parameter);
                if (member is null || !member.Documentation.Contains(limit.Quote, StringComparison.Ordinal))
                {
                    missing.Add($"{operation}.{limit.Parameter}: \"{limit.Quote}\"");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public async Task Route53Requests_EveryCallAtItsLimits_BreaksNoRuleOfTheModel()
    {
        var route53 = await BotocoreShapes.LoadAsync("route53");
        var sent = new List<(string Operation, HttpMethod Method, string Path, XElement? Body)>();
        var client = new Route53Client((account, operation, method, path, body, ct) =>
        {
            sent.Add((operation, method, path, body));
            return Task.FromResult(new XElement("Empty"));
        }) { PageSize = 100 };
        var config = new HealthCheckConfig(HealthCheckTypes.HttpsStrMatch)
        {
            FullyQualifiedDomainName = "api." + new string('a', 63) + ".example.com", Port = 443, ResourcePath = "/" + new string('p', 254),
            SearchString = new string('s', 255), RequestInterval = 10, FailureThreshold = 10, MeasureLatency = true, EnableSni = true,
            Regions = ["us-east-1", "eu-west-1", "ap-southeast-1"],
        };
        var record = new ResourceRecordSet("api.example.com.", "A")
        {
            SetIdentifier = new string('i', 128), Failover = FailoverRoles.Primary, Ttl = 60, ResourceRecords = ["192.0.2.1"], HealthCheckId = "0b6e7c3a-1111-2222-3333-444455556666",
        };
        Func<Task>[] calls =
        [
            () => client.ListHostedZonesByNameAsync("example.com."),
            () => client.ListResourceRecordSetsAsync("Z1D633PJN98FT9"),
            () => client.ChangeResourceRecordSetsAsync("Z1D633PJN98FT9", [ResourceRecordSetChange.Upsert(record)], "DrService failover"),
            () => client.CreateHealthCheckAsync(new string('r', 64), config),
            () => client.ListHealthChecksAsync(),
            () => client.UpdateHealthCheckAsync("0b6e7c3a-1111-2222-3333-444455556666", new HealthCheckUpdate { HealthCheckVersion = 2, FailureThreshold = 1, Regions = ["us-west-2", "us-west-1", "sa-east-1"] }),
            () => client.DeleteHealthCheckAsync("0b6e7c3a-1111-2222-3333-444455556666"),
            () => client.GetHealthCheckStatusAsync("0b6e7c3a-1111-2222-3333-444455556666"),
            () => client.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, "0b6e7c3a-1111-2222-3333-444455556666",
                new Dictionary<string, string> { [new string('k', 128)] = new string('v', 256) }, ["old"]),
        ];
        foreach (var call in calls)
        {
            try
            {
                await call();
            }
            catch (InvalidOperationException)
            {
                // the recorded answer is empty; only the request matters
            }
        }

        var violations = sent.SelectMany(s => route53.Check(s.Operation, s.Method, s.Path, s.Body)).ToList();

        Assert.Equal(calls.Length, sent.Count);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task Route53HealthCheck_TwoCheckerRegionsAndALongCallerReference_AreViolations()
    {
        var route53 = await BotocoreShapes.LoadAsync("route53");
        XElement? sent = null;
        var client = new Route53Client((account, operation, method, path, body, ct) =>
        {
            sent = body;
            return Task.FromResult(new XElement("Empty"));
        });
        var config = new HealthCheckConfig(HealthCheckTypes.Https) { FullyQualifiedDomainName = "a.example.com", Regions = ["us-east-1", "eu-west-1"] };
        await Assert.ThrowsAnyAsync<Exception>(() => client.CreateHealthCheckAsync(new string('r', 65), config));

        var violations = route53.Check("CreateHealthCheck", HttpMethod.Post, "/2013-04-01/healthcheck", sent);

        Assert.Contains("CreateHealthCheck.CallerReference: length 65 is over the maximum 64", violations);
        Assert.Contains("CreateHealthCheck.HealthCheckConfig.Regions: 2 items, the model wants at least 3", violations);
    }

    [Fact]
    public async Task CloudWatchRequests_EveryCall_BreaksNoRuleOfTheModel()
    {
        var cloudwatch = await BotocoreShapes.LoadAsync("cloudwatch");
        var sent = new List<QueryRequest>();
        var client = new CloudWatchClient((region, account, request, ct) =>
        {
            sent.Add(request);
            return Task.FromResult(new XElement("Result"));
        }, new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        await client.GetLatestAsync("us-east-1", MetricSeries.RdsReplicaLag, [.. Enumerable.Range(0, 3).Select(i => $"db-{i}")], TimeSpan.FromMinutes(5));
        await client.PutMetricDataAsync("us-east-1", "DrService", [
            new MetricDatum("RpoSeconds") { Dimensions = [new("Application", new string('a', 255))], Timestamp = DateTimeOffset.UnixEpoch.AddYears(56), Value = 1, Unit = "Seconds" }]);
        await client.ListMetricsAsync("us-east-1", new MetricFilter { Namespace = "AWS/RDS", MetricName = "ReplicaLag", Dimensions = [("DBInstanceIdentifier", "db")] });

        var violations = sent.SelectMany(cloudwatch.Check).ToList();

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task CloudWatchDimension_LongerThanTheModelAllows_IsAViolation()
    {
        var cloudwatch = await BotocoreShapes.LoadAsync("cloudwatch");
        var request = new QueryRequest("monitoring", "2010-08-01", "PutMetricData")
            .With("Namespace", "DrService")
            .With("MetricData.member.1.MetricName", "RpoSeconds")
            .With("MetricData.member.1.Dimensions.member.1.Name", "Application")
            .With("MetricData.member.1.Dimensions.member.1.Value", new string('a', 1025));

        var violations = cloudwatch.Check(request);

        Assert.Equal(["PutMetricData.MetricData.1.Dimensions.1.Value: length 1025 is over the maximum 1024"], violations);
    }

    [Fact]
    public async Task Inspector_RequestAwsWouldRefuse_IsRefusedBeforeTheNetwork()
    {
        // Nothing listens on port 9: a request that got past the inspector would fail as region-unavailable instead.
        var client = NewRdsClient(out var host);
        using var _ = host;

        var refused = await Assert.ThrowsAsync<ModelConformanceException>(() => client.CreateDBClusterSnapshotAsync("us-east-1", "c", "a" + new string('b', 63)));

        Assert.Contains(refused.Violations, v => v.StartsWith("CreateDBClusterSnapshot.DBClusterSnapshotIdentifier", StringComparison.Ordinal));
        Assert.Contains(ModelConformanceInspector.Violations, v => v.StartsWith("CreateDBClusterSnapshot.DBClusterSnapshotIdentifier", StringComparison.Ordinal));
        Assert.Equal(1, host.Counter.Count("rds")); // one attempt: a refused request is not retried
    }

    public static TheoryData<string> ReadShapes => ["DBSnapshot", "DBClusterSnapshot", "DBInstance", "DBCluster", "GlobalCluster"];

    [Theory]
    [MemberData(nameof(ReadShapes))]
    public async Task RdsReaders_EveryFieldTheyRead_ExistsInTheOutputShape(string shape)
    {
        var rds = await BotocoreShapes.LoadAsync("rds", "DBSnapshot", "DBClusterSnapshot", "DBInstance", "DBCluster", "GlobalCluster");
        var sample = rds.Sample(shape);
        object read = shape switch
        {
            "DBSnapshot" => DbSnapshot.From(sample),
            "DBClusterSnapshot" => DbClusterSnapshot.From(sample),
            "DBInstance" => DbInstance.From(sample),
            "DBCluster" => DbCluster.From(sample),
            _ => GlobalCluster.From(sample),
        };

        var unread = Unread(read, shape).ToList();

        Assert.True(unread.Count == 0, string.Join('\n', unread));
    }

    [Fact]
    public async Task Route53Readers_EveryFieldTheyRead_ExistsInTheOutputShape()
    {
        var route53 = await BotocoreShapes.LoadAsync("route53", "HealthCheck", "HostedZone", "DelegationSet", "ChangeInfo", "HealthCheckObservation", "ResourceRecordSet");
        object[] read =
        [
            Route53Xml.HealthCheck(route53.Sample("HealthCheck")),
            Route53Xml.Zone(route53.Sample("HostedZone"), route53.Sample("DelegationSet")),
            Route53Xml.Change(route53.Sample("ChangeInfo")),
            Route53Xml.Observation(route53.Sample("HealthCheckObservation")),
        ];
        var record = Route53Xml.RecordSet(route53.Sample("ResourceRecordSet"));

        var unread = read.SelectMany(r => Unread(r, r.GetType().Name)).Concat(Unread(record, "ResourceRecordSet")).ToList();

        Assert.True(unread.Count == 0, string.Join('\n', unread));
    }

    [Fact]
    public async Task CloudWatchReader_EveryFieldItReads_ExistsInTheOutputShape()
    {
        var cloudwatch = await BotocoreShapes.LoadAsync("cloudwatch", "GetMetricDataOutput");
        var pages = new MetricDataPages();

        pages.Add(cloudwatch.Sample("GetMetricDataOutput"));
        var results = pages.Results();

        var result = Assert.Single(results);
        Assert.Equal("x-Id", result.Id);
        Assert.Equal("x-Label", result.Label);
        Assert.Single(result.Points);
        Assert.Equal(cloudwatch.Sample("GetMetricDataOutput").Descendants().First(e => e.Name.LocalName == "StatusCode").Value, result.StatusCode);
        Assert.Single(result.Messages);
    }

    /// <summary>Properties a reader left empty although the sample had every member of the model: names it reads that the model lacks.</summary>
    private static IEnumerable<string> Unread(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var v = property.GetValue(value);
            var name = $"{path}.{property.Name}";
            switch (v)
            {
                case null:
                    yield return $"{name} is null";
                    break;
                case string s when s.Length == 0:
                    yield return $"{name} is empty";
                    break;
                case bool b when !b:
                    yield return $"{name} is false";
                    break;
                case DateTimeOffset d when d == default:
                    yield return $"{name} is not set";
                    break;
                case string:
                    break;
                case IEnumerable items:
                    var first = items.Cast<object>().FirstOrDefault();
                    if (first is null)
                    {
                        yield return $"{name} is empty";
                    }
                    else if (first.GetType().Namespace?.StartsWith("DrService.Aws", StringComparison.Ordinal) == true && !first.GetType().IsEnum)
                    {
                        foreach (var inner in Unread(first, name + "[0]"))
                        {
                            yield return inner;
                        }
                    }
                    break;
                default:
                    if (v.GetType().Namespace?.StartsWith("DrService.Aws", StringComparison.Ordinal) == true && v.GetType().IsClass)
                    {
                        foreach (var inner in Unread(v, name))
                        {
                            yield return inner;
                        }
                    }
                    break;
            }
        }
    }

    private static RdsClient NewRdsClient(out AwsTestHost host)
    {
        host = new AwsTestHost(new Uri("http://127.0.0.1:9"));
        return new RdsClient(host.Clients, host.Services.GetRequiredService<IAwsCredentialsProvider>(), TimeProvider.System);
    }
}
