using DrService.Dns;
using DrService.Monitoring;
using DrService.Testing;

namespace DrService.Tests.Dns;

/// <summary>The dns monitor against moto server; outside changes are made with the real AWS CLI.</summary>
[Collection(MotoFixture.Collection)]
public sealed class DnsMonitorTests(MotoFixture moto) : IAsyncLifetime
{
    private DnsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = await DnsTestHost.StartAsync(moto);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string ZoneId, DnsApplyResult Applied)> ProvisionAsync(string application, string zone, Action<DnsRecordBuilder>? configure = null)
    {
        var zoneId = await _host.ZoneAsync(zone);
        var builder = DnsRecordBuilder.For($"api.{zone}", zone).Values("192.0.2.10", "198.51.100.10");
        configure?.Invoke(builder);
        _host.Add(application, builder.Build());
        var plan = await _host.Reconciler.PlanAsync(application, default);
        return (zoneId, await _host.Reconciler.ApplyAsync(application, plan!, cancellationToken: default));
    }

    private Task UpsertPrimaryWithCliAsync(string zoneId, string name, string value, string healthCheckId) =>
        _host.Cli.JsonAsync(DnsTestHost.Region, "route53", "change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch",
            $$$"""{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"{{{name}}}","Type":"A","SetIdentifier":"orders-primary","Failover":"PRIMARY","TTL":60,"ResourceRecords":[{"Value":"{{{value}}}"}],"HealthCheckId":"{{{healthCheckId}}}"}}]}""");

    private static Condition Of(IReadOnlyList<Condition> conditions, string type) => Assert.Single(conditions, c => c.Type == type);

    [Fact]
    public async Task ObserveAsync_ProvisionedRecords_EveryConditionTrueAndPrimaryHealthy()
    {
        var (_, applied) = await ProvisionAsync("orders", "ok.example.com.");
        await _host.PutHealthCheckStatusAsync(applied.HealthCheckIds.Values.Single(), 1);

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        Assert.Equal(6, conditions.Count);
        Assert.All(conditions, c => Assert.Equal(("orders", "dns:api.ok.example.com./A", ConditionStatus.True), (c.Application, c.Subject, c.Status)));
        Assert.Equal(1.0, Of(conditions, DnsConditions.Route53PrimaryHealthy).Value);
    }

    [Fact]
    public async Task ObserveAsync_PrimaryChangedWithAwsCliWithoutRepairDrift_ReportsDriftAndChangesNothing()
    {
        var (zoneId, applied) = await ProvisionAsync("orders", "drift.example.com.");
        var checkId = applied.HealthCheckIds.Values.Single();
        await UpsertPrimaryWithCliAsync(zoneId, "api.drift.example.com.", "203.0.113.66", checkId);
        _host.Aws.Counter.Reset();

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var primary = Of(conditions, DnsConditions.PrimaryRecordInSync);
        Assert.Equal((ConditionStatus.False, "Drift"), (primary.Status, primary.Reason));
        Assert.Contains("Values: [203.0.113.66] -> [192.0.2.10]", primary.Message, StringComparison.Ordinal);
        Assert.Contains("RepairDrift is off", primary.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.True, Of(conditions, DnsConditions.SecondaryRecordInSync).Status);
        Assert.Equal(0, _host.Calls("Change") + _host.Calls("Update") + _host.Calls("Create"));
        var now = Assert.Single(await _host.Route53.ListResourceRecordSetsAsync(zoneId), s => s.SetIdentifier == "orders-primary");
        Assert.Equal("203.0.113.66", Assert.Single(now.ResourceRecords));
    }

    [Fact]
    public async Task ObserveAsync_PrimaryChangedWithAwsCliWithRepairDrift_RepairsRecordAndAuditsAsSystem()
    {
        var (zoneId, applied) = await ProvisionAsync("orders", "repair.example.com.", b => b.RepairDrift());
        await UpsertPrimaryWithCliAsync(zoneId, "api.repair.example.com.", "203.0.113.77", applied.HealthCheckIds.Values.Single());

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var primary = Of(conditions, DnsConditions.PrimaryRecordInSync);
        Assert.Equal((ConditionStatus.True, "Repaired"), (primary.Status, primary.Reason));
        Assert.Contains("Values: [203.0.113.77] -> [192.0.2.10]", primary.Message, StringComparison.Ordinal);
        Assert.Contains("repaired by DrService", primary.Message, StringComparison.Ordinal);
        var cli = await _host.Cli.JsonAsync(DnsTestHost.Region, "route53", "list-resource-record-sets", "--hosted-zone-id", zoneId);
        var now = cli.GetProperty("ResourceRecordSets").EnumerateArray().Single(r => r.TryGetProperty("SetIdentifier", out var id) && id.GetString() == "orders-primary");
        Assert.Equal("192.0.2.10", now.GetProperty("ResourceRecords")[0].GetProperty("Value").GetString());
        var audit = (await _host.AuditAsync())[^1];
        Assert.Equal(("system:dns", "dns.records.upsert", "succeeded"), (audit.Actor, audit.Action, audit.Result));
        Assert.Contains("PRIMARY.Values: [203.0.113.77] -> [192.0.2.10]", audit.Details, StringComparison.Ordinal);
        Assert.True((await _host.Reconciler.PlanAsync("orders", default))!.IsEmpty);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ObserveAsync_HealthCheckThresholdChangedWithAwsCli_ReportsDriftAndRepairsInPlaceOnlyWithRepairDrift(bool repair)
    {
        var (_, applied) = await ProvisionAsync("orders", $"hc{repair}.example.com.".ToLowerInvariant(), b => b.RepairDrift(repair));
        var checkId = applied.HealthCheckIds.Values.Single();
        await _host.Cli.JsonAsync(DnsTestHost.Region, "route53", "update-health-check", "--health-check-id", checkId, "--failure-threshold", "7");

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var check = Of(conditions, DnsConditions.HealthCheckInSync);
        Assert.Equal((repair ? ConditionStatus.True : ConditionStatus.False, repair ? "Repaired" : "Drift"), (check.Status, check.Reason));
        Assert.Contains("FailureThreshold: 7 -> 3", check.Message, StringComparison.Ordinal);
        var now = await _host.Route53.GetHealthCheckAsync(checkId);             // same id: updated in place, never replaced
        Assert.Equal(repair ? 3 : 7, now.Config.FailureThreshold);
        Assert.Equal(checkId, Assert.Single(await _host.OwnedChecksAsync("orders", $"api.hc{repair.ToString().ToLowerInvariant()}.example.com.")).Id);
        Assert.Equal(ConditionStatus.True, Of(conditions, DnsConditions.PrimaryRecordInSync).Status);
    }

    [Fact]
    public async Task ObserveAsync_HostedZoneDoesNotExist_ZoneExistsFalseWithNoSuchHostedZone()
    {
        _host.Add("ghost", DnsRecordBuilder.For("api.missing.example.com.", "missing.example.com.").Values("192.0.2.90", "198.51.100.90").Build());
        _host.Add("ghostid", DnsRecordBuilder.For("api.missing2.example.com.", "Z0000000000NOPE").Values("192.0.2.91", "198.51.100.91").Build());

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        foreach (var app in new[] { "ghost", "ghostid" })
        {
            var zone = Assert.Single(conditions, c => c.Application == app && c.Type == DnsConditions.ZoneExists);
            Assert.Equal((ConditionStatus.False, "NoSuchHostedZone", ConditionSeverity.Critical), (zone.Status, zone.Reason, zone.Severity));
            Assert.Equal(ConditionStatus.Unknown, Assert.Single(conditions, c => c.Application == app && c.Type == DnsConditions.PrimaryRecordInSync).Status);
        }
        Assert.Equal(0, _host.Calls("Change") + _host.Calls("Create"));
    }

    [Fact]
    public async Task ObserveAsync_ManyRecordsInOneZone_ListsHealthChecksOnceAndRecordSetsOncePerZone()
    {
        await _host.ZoneAsync("many.example.com.");
        _host.Add("a", DnsRecordBuilder.For("a.many.example.com.", "many.example.com.").Values("192.0.2.1", "198.51.100.1").Build(),
            DnsRecordBuilder.For("b.many.example.com.", "many.example.com.").Values("192.0.2.2", "198.51.100.2").Build());
        _host.Add("b", DnsRecordBuilder.For("c.many.example.com.", "many.example.com.").Values("192.0.2.3", "198.51.100.3").Build());
        _host.Aws.Counter.Reset();

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        Assert.Equal(3, conditions.Count(c => c.Type == DnsConditions.PrimaryRecordInSync && c.Reason == "Missing"));
        Assert.Equal(3, conditions.Count(c => c.Type == DnsConditions.Route53PrimaryHealthy && c.Status == ConditionStatus.Unknown));
        Assert.Equal((1L, 1L, 1L), (_host.Aws.Counter.Count("route53", "*", "ListHealthChecks"), _host.Aws.Counter.Count("route53", "*", "ListResourceRecordSets"),
            _host.Aws.Counter.Count("route53", "*", "ListHostedZonesByName")));
        Assert.Equal(0, _host.Calls("Change") + _host.Calls("Create"));
    }

    /// <summary>moto's checkers always report Success (a majority): only Route 53's own verdict, the metric, can say unhealthy.</summary>
    [Theory]
    [InlineData(1.0, ConditionStatus.True, "Healthy")]
    [InlineData(0.0, ConditionStatus.False, "Unhealthy")]
    public async Task ObserveAsync_HealthCheckStatusMetric_VerdictIsRoute53s(double status, ConditionStatus expected, string reason)
    {
        var (_, applied) = await ProvisionAsync("orders", $"metric{status:0}.example.com.");
        var checkId = applied.HealthCheckIds.Values.Single();
        await _host.PutHealthCheckStatusAsync(checkId, status);
        _host.Aws.Counter.Reset();

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var health = Of(conditions, DnsConditions.Route53PrimaryHealthy);
        Assert.Equal((expected, reason, status), (health.Status, health.Reason, health.Value));
        Assert.Contains(checkId, health.Message, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), (_host.Aws.Counter.Count("monitoring", "us-east-1", "GetMetricData"), _host.Aws.Counter.Count("route53", "*", "GetHealthCheckStatus")));
    }

    [Fact]
    public async Task ObserveAsync_NoHealthCheckStatusMetric_UnknownWithReasonAndCheckerDetailNeverGreen()
    {
        await ProvisionAsync("orders", "nometric.example.com.");

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var health = Of(conditions, DnsConditions.Route53PrimaryHealthy);
        Assert.Equal((ConditionStatus.Unknown, "NoMetric"), (health.Status, health.Reason));
        Assert.Contains("No AWS/Route53 HealthCheckStatus", health.Message, StringComparison.Ordinal);
        Assert.Contains("GetHealthCheckStatus:", health.Message, StringComparison.Ordinal);   // detail on demand, not the verdict
    }

    [Fact]
    public async Task ObserveAsync_DisabledHealthCheck_UnknownDisabledEvenWithAHealthyMetric()
    {
        var (_, applied) = await ProvisionAsync("orders", "disabled.example.com.");
        var checkId = applied.HealthCheckIds.Values.Single();
        await _host.Cli.JsonAsync(DnsTestHost.Region, "route53", "update-health-check", "--health-check-id", checkId, "--disabled");
        await _host.PutHealthCheckStatusAsync(checkId, 1);

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var health = Of(conditions, DnsConditions.Route53PrimaryHealthy);
        Assert.Equal((ConditionStatus.Unknown, "Disabled"), (health.Status, health.Reason));
        Assert.Contains("disabled", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObserveAsync_ThreeRecordsInOneZone_OneGetMetricDataForEveryCheck()
    {
        await _host.ZoneAsync("batch.example.com.");
        _host.Add("a", DnsRecordBuilder.For("a.batch.example.com.", "batch.example.com.").Values("192.0.2.1", "198.51.100.1").Build(),
            DnsRecordBuilder.For("b.batch.example.com.", "batch.example.com.").Values("192.0.2.2", "198.51.100.2").Build());
        _host.Add("b", DnsRecordBuilder.For("c.batch.example.com.", "batch.example.com.").Values("192.0.2.3", "198.51.100.3").Build());
        var ids = new List<string>();
        foreach (var app in new[] { "a", "b" })
        {
            var plan = await _host.Reconciler.PlanAsync(app, default);
            ids.AddRange((await _host.Reconciler.ApplyAsync(app, plan!, cancellationToken: default)).HealthCheckIds.Values);
        }
        await _host.PutHealthCheckStatusAsync(ids[0], 1);
        await _host.PutHealthCheckStatusAsync(ids[1], 0);
        await _host.PutHealthCheckStatusAsync(ids[2], 1);
        _host.Aws.Counter.Reset();

        var conditions = await _host.Monitor.ObserveAsync(_host.Options, default);

        var health = conditions.Where(c => c.Type == DnsConditions.Route53PrimaryHealthy).OrderBy(c => c.Subject, StringComparer.Ordinal).ToList();
        Assert.Equal([ConditionStatus.True, ConditionStatus.False, ConditionStatus.True], health.Select(c => c.Status));
        Assert.Equal(1L, _host.Aws.Counter.Count("monitoring", "us-east-1", "GetMetricData"));
    }

    [Fact]
    public async Task ObserveAsync_SeveralRecordsInOneZoneTwoCycles_LooksTheZoneUpOnce()
    {
        await _host.ZoneAsync("cached.example.com.");
        _host.Add("a", DnsRecordBuilder.For("a.cached.example.com.", "cached.example.com.").Values("192.0.2.1", "198.51.100.1").Build(),
            DnsRecordBuilder.For("b.cached.example.com.", "cached.example.com.").Values("192.0.2.2", "198.51.100.2").Build());
        _host.Add("b", DnsRecordBuilder.For("c.cached.example.com.", "cached.example.com").Values("192.0.2.3", "198.51.100.3").Build());
        _host.Aws.Counter.Reset();

        await _host.Monitor.ObserveAsync(_host.Options, default);
        var second = await _host.Monitor.ObserveAsync(_host.Options, default);

        Assert.Equal(1L, _host.Aws.Counter.Count("route53", "*", "ListHostedZonesByName"));
        Assert.Equal(2L, _host.Aws.Counter.Count("route53", "*", "ListResourceRecordSets"));   // the records themselves are read every cycle
        Assert.All(second.Where(c => c.Type == DnsConditions.ZoneExists), c => Assert.Equal(ConditionStatus.True, c.Status));
    }
}
