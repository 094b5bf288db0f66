using DrService.Aws.Errors;
using DrService.Aws.Route53;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Aws.Tests.Route53;

[Collection(MotoFixture.Collection)]
public sealed class Route53ClientTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private AwsTestHost _host = null!;
    private IRoute53Client _r53 = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = new AwsTestHost(moto.Endpoint);
        _r53 = _host.Services.GetRequiredService<IRoute53Client>();
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private Task<CreatedHostedZone> ZoneAsync(string name) =>
        _r53.CreateHostedZoneAsync(new NewHostedZone(name, $"zone-{name}") { Comment = "drservice test" }, cancellationToken: Ct);

    private static HealthCheckConfig Http(string ip) => new(HealthCheckTypes.Http)
    {
        IPAddress = ip,
        Port = 80,
        ResourcePath = "/health",
        RequestInterval = 30,
        FailureThreshold = 3,
    };

    [Fact]
    public async Task CreateHostedZone_NewZone_ReturnsBareIdsAndIsListed()
    {
        var created = await ZoneAsync("create.example.com.");

        Assert.DoesNotContain('/', created.Zone.Id);
        Assert.DoesNotContain('/', created.Change.Id);
        Assert.Equal("create.example.com.", created.Zone.Name);
        Assert.NotEmpty(created.Zone.NameServers);
        var got = await _r53.GetHostedZoneAsync("/hostedzone/" + created.Zone.Id, cancellationToken: Ct);
        Assert.Equal(created.Zone.Id, got.Id);
        Assert.Equal("drservice test", got.Comment);
        Assert.Contains(await _r53.ListHostedZonesAsync(cancellationToken: Ct), z => z.Id == created.Zone.Id);
        Assert.Equal(created.Zone.Id, Assert.Single(await _r53.ListHostedZonesByNameAsync("create.example.com.", cancellationToken: Ct)).Id);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_UpsertFailoverPair_ReadsBackBothRoles()
    {
        var zone = (await ZoneAsync("failover.example.com.")).Zone;
        var primaryCheck = await _r53.CreateHealthCheckAsync("failover-primary", Http("192.0.2.10"), cancellationToken: Ct);
        var secondaryCheck = await _r53.CreateHealthCheckAsync("failover-secondary", Http("192.0.2.20"), cancellationToken: Ct);
        ResourceRecordSet Record(string role, string ip, string checkId) => new("app.failover.example.com.", "A")
        {
            SetIdentifier = role.ToLowerInvariant(),
            Failover = role,
            Ttl = 60,
            ResourceRecords = [ip],
            HealthCheckId = checkId,
        };

        var change = await _r53.ChangeResourceRecordSetsAsync(zone.Id,
            [ResourceRecordSetChange.Upsert(Record(FailoverRoles.Primary, "192.0.2.10", primaryCheck.Id)),
             ResourceRecordSetChange.Upsert(Record(FailoverRoles.Secondary, "192.0.2.20", secondaryCheck.Id))],
            "failover pair", cancellationToken: Ct);
        var sets = await _r53.ListResourceRecordSetsAsync(zone.Id, cancellationToken: Ct);

        Assert.DoesNotContain('/', change.Id);
        var primary = Assert.Single(sets, s => s.Failover == FailoverRoles.Primary);
        var secondary = Assert.Single(sets, s => s.Failover == FailoverRoles.Secondary);
        Assert.Equal(("app.failover.example.com.", "A", "primary", 60L, "192.0.2.10", primaryCheck.Id),
            (primary.Name, primary.Type, primary.SetIdentifier, primary.Ttl ?? 0, Assert.Single(primary.ResourceRecords), primary.HealthCheckId));
        Assert.Equal(("secondary", "192.0.2.20", secondaryCheck.Id),
            (secondary.SetIdentifier, Assert.Single(secondary.ResourceRecords), secondary.HealthCheckId));
        Assert.Contains(sets, s => s.Type == "SOA");
    }

    [Fact]
    public async Task ChangeResourceRecordSets_AliasRecord_ReadsBackTargetAndEvaluateTargetHealth()
    {
        var zone = (await ZoneAsync("alias.example.com.")).Zone;
        var alias = new ResourceRecordSet("www.alias.example.com.", "A")
        {
            AliasTarget = new AliasTarget(zone.Id, "app.alias.example.com.", EvaluateTargetHealth: true),
        };

        await _r53.ChangeResourceRecordSetsAsync(zone.Id, [ResourceRecordSetChange.Create(alias)], cancellationToken: Ct);
        var read = Assert.Single(await _r53.ListResourceRecordSetsAsync(zone.Id, cancellationToken: Ct), s => s.Name == "www.alias.example.com.");

        Assert.NotNull(read.AliasTarget);
        Assert.Equal(zone.Id, read.AliasTarget.HostedZoneId);
        Assert.Equal("app.alias.example.com.", read.AliasTarget.DnsName);
        Assert.True(read.AliasTarget.EvaluateTargetHealth);
        Assert.Empty(read.ResourceRecords);
    }

    [Fact]
    public async Task GetChange_SubmittedChange_ReportsInSync()
    {
        var zone = (await ZoneAsync("change.example.com.")).Zone;
        var submitted = await _r53.ChangeResourceRecordSetsAsync(zone.Id,
            [ResourceRecordSetChange.Create(new("a.change.example.com.", "TXT") { Ttl = 300, ResourceRecords = ["\"v=1\""] })], cancellationToken: Ct);

        var change = await _r53.GetChangeAsync("/change/" + submitted.Id, cancellationToken: Ct);

        Assert.Equal(submitted.Id, change.Id);
        Assert.True(change.IsInSync);                       // moto: INSYNC at once; AWS: PENDING first, poll
        Assert.Equal(1, _host.Counter.Count("route53", "us-east-1", "GetChange"));
    }

    [Fact]
    public async Task CreateHealthCheck_SameCallerReferenceTwice_MotoCreatesASecondCheck()
    {
        var first = await _r53.CreateHealthCheckAsync("hc-orders-primary", Http("192.0.2.30"), cancellationToken: Ct);
        var second = await _r53.CreateHealthCheckAsync("hc-orders-primary", Http("192.0.2.30"), cancellationToken: Ct);

        Assert.Equal("hc-orders-primary", first.CallerReference);
        Assert.Equal(("192.0.2.30", 80, "/health", 30, 3), (first.Config.IPAddress, first.Config.Port ?? 0, first.Config.ResourcePath,
            first.Config.RequestInterval ?? 0, first.Config.FailureThreshold ?? 0));
        // AWS documents the same CallerReference with the same settings as returning the existing check (and with other
        // settings HealthCheckAlreadyExists). moto 5.2.1 ignores the reference and creates a second check: callers
        // that must be idempotent look the reference up in ListHealthChecks first.
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, (await _r53.ListHealthChecksAsync(cancellationToken: Ct)).Count(c => c.CallerReference == "hc-orders-primary"));
    }

    [Fact]
    public async Task UpdateHealthCheck_NewThresholdAndPath_ReturnsUpdatedConfig()
    {
        var check = await _r53.CreateHealthCheckAsync("hc-update", Http("192.0.2.40"), cancellationToken: Ct);

        var updated = await _r53.UpdateHealthCheckAsync(check.Id,
            new HealthCheckUpdate { HealthCheckVersion = check.HealthCheckVersion, FailureThreshold = 5, ResourcePath = "/ready" }, cancellationToken: Ct);

        Assert.Equal(5, updated.Config.FailureThreshold);
        Assert.Equal("/ready", updated.Config.ResourcePath);
        Assert.True(updated.HealthCheckVersion >= check.HealthCheckVersion);   // AWS increments it; moto keeps 1
        Assert.Equal(5, (await _r53.GetHealthCheckAsync(check.Id, cancellationToken: Ct)).Config.FailureThreshold);
    }

    [Fact]
    public async Task GetHealthCheckStatus_AnyCheck_ReturnsObservationsWithRegionAndStatus()
    {
        var check = await _r53.CreateHealthCheckAsync("hc-status", Http("192.0.2.50"), cancellationToken: Ct);

        var observations = await _r53.GetHealthCheckStatusAsync(check.Id, cancellationToken: Ct);

        var observation = Assert.Single(observations);        // moto: one us-east-1 checker, always Success
        Assert.False(string.IsNullOrEmpty(observation.Region));
        Assert.False(string.IsNullOrEmpty(observation.IPAddress));
        Assert.True(observation.IsSuccess, observation.Status);
        Assert.NotNull(observation.CheckedTime);
    }

    [Fact]
    public async Task ChangeTagsForResource_AddThenRemove_ListsRemainingTags()
    {
        var check = await _r53.CreateHealthCheckAsync("hc-tags", Http("192.0.2.60"), cancellationToken: Ct);
        var zone = (await ZoneAsync("tags.example.com.")).Zone;

        await _r53.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id,
            new Dictionary<string, string> { ["dr:managed-by"] = "drservice", ["dr:app"] = "orders" }, cancellationToken: Ct);
        await _r53.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id, null, ["dr:app"], cancellationToken: Ct);
        await _r53.ChangeTagsForResourceAsync(Route53TagResourceType.HostedZone, zone.Id,
            new Dictionary<string, string> { ["dr:app"] = "orders" }, cancellationToken: Ct);

        var checkTags = await _r53.ListTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id, cancellationToken: Ct);
        var zoneTags = await _r53.ListTagsForResourceAsync(Route53TagResourceType.HostedZone, zone.Id, cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["dr:managed-by"] = "drservice" }, checkTags);
        Assert.Equal(new Dictionary<string, string> { ["dr:app"] = "orders" }, zoneTags);
    }

    [Fact]
    public async Task DeleteHealthCheckAndHostedZone_ThenGet_ThrowNoSuchCodes()
    {
        var check = await _r53.CreateHealthCheckAsync("hc-delete", Http("192.0.2.70"), cancellationToken: Ct);
        var zone = (await ZoneAsync("delete.example.com.")).Zone;

        await _r53.DeleteHealthCheckAsync(check.Id, cancellationToken: Ct);
        var deleted = await _r53.DeleteHostedZoneAsync(zone.Id, cancellationToken: Ct);

        Assert.DoesNotContain('/', deleted.Id);
        var noCheck = await Assert.ThrowsAsync<AwsServiceException>(() => _r53.GetHealthCheckAsync(check.Id, cancellationToken: Ct));
        Assert.Equal("NoSuchHealthCheck", noCheck.ErrorCode);
        var noZone = await Assert.ThrowsAsync<AwsServiceException>(() => _r53.GetHostedZoneAsync(zone.Id, cancellationToken: Ct));
        Assert.Equal("NoSuchHostedZone", noZone.ErrorCode);
    }

    [Fact]
    public async Task ListResourceRecordSets_UnknownZone_ThrowsNoSuchHostedZone()
    {
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => _r53.ListResourceRecordSetsAsync("ZMISSING0000", cancellationToken: Ct));

        Assert.Equal("NoSuchHostedZone", ex.ErrorCode);
        Assert.Equal("ListResourceRecordSets", ex.Operation);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_MoreThan1000RecordValues_ThrowsInvalidChangeBatch()
    {
        var zone = (await ZoneAsync("limit.example.com.")).Zone;
        var big = new ResourceRecordSet("big.limit.example.com.", "TXT")
        {
            Ttl = 60,
            ResourceRecords = [.. Enumerable.Range(0, 501).Select(i => $"\"v{i}\"")],   // UPSERT counts each twice
        };

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _r53.ChangeResourceRecordSetsAsync(zone.Id, [ResourceRecordSetChange.Upsert(big)], cancellationToken: Ct));

        Assert.Equal("InvalidChangeBatch", ex.ErrorCode);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_DeleteMissingRecord_ThrowsAwsServiceException()
    {
        var zone = (await ZoneAsync("missing.example.com.")).Zone;
        var missing = new ResourceRecordSet("nothing.missing.example.com.", "A") { Ttl = 60, ResourceRecords = ["192.0.2.1"] };

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _r53.ChangeResourceRecordSetsAsync(zone.Id, [ResourceRecordSetChange.Delete(missing)], cancellationToken: Ct));

        // AWS answers InvalidChangeBatch ("...but it was not found"); moto 5.2.1 answers InvalidInput.
        Assert.Contains(ex.ErrorCode, new[] { "InvalidChangeBatch", "InvalidInput" });
        Assert.Contains("DELETE", ex.AwsMessage, StringComparison.Ordinal);
    }
}
