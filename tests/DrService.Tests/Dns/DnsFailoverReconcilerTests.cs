using DrService.Aws.Route53;
using DrService.Dns;
using DrService.Testing;

namespace DrService.Tests.Dns;

/// <summary>Plan and apply against moto server, read back with IRoute53Client and with the real AWS CLI.</summary>
[Collection(MotoFixture.Collection)]
public sealed class DnsFailoverReconcilerTests(MotoFixture moto) : IAsyncLifetime
{
    private DnsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        _host = await DnsTestHost.StartAsync(moto);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<DnsApplyResult> ApplyAsync(string application)
    {
        var plan = await _host.Reconciler.PlanAsync(application, default);
        return await _host.Reconciler.ApplyAsync(application, plan!, DnsFailoverReconciler.SystemActor, default);
    }

    [Fact]
    public async Task ApplyAsync_ZoneOnly_CreatesHealthCheckAndBothFailoverRecords()
    {
        var zoneId = await _host.ZoneAsync("create.example.com.");
        _host.Add("orders", DnsRecordBuilder.For("api.create.example.com", "create.example.com").Values("192.0.2.10", "198.51.100.10").Build());

        var result = await ApplyAsync("orders");

        Assert.True(result.Succeeded);
        Assert.Equal([DnsActionKind.CreateHealthCheck, DnsActionKind.UpsertRecord], result.Steps.Select(s => s.Kind));
        var check = Assert.Single(await _host.OwnedChecksAsync("orders", "api.create.example.com."));
        Assert.StartsWith("drservice:", check.CallerReference, StringComparison.Ordinal);
        Assert.InRange(check.CallerReference.Length, 1, 64);
        Assert.Equal(("HTTP", "192.0.2.10", 80, "/health", 30, 3), (check.Config.Type, check.Config.IPAddress, check.Config.Port ?? 0,
            check.Config.ResourcePath, check.Config.RequestInterval ?? 0, check.Config.FailureThreshold ?? 0));
        var tags = await _host.Route53.ListTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id);
        Assert.Equal(("drservice", "orders"), (tags["dr:managed-by"], tags["dr:app"]));
        var sets = await _host.Route53.ListResourceRecordSetsAsync(zoneId);
        var primary = Assert.Single(sets, s => s.SetIdentifier == "orders-primary");
        var secondary = Assert.Single(sets, s => s.SetIdentifier == "orders-secondary");
        Assert.Equal(("api.create.example.com.", "A", "PRIMARY", 60L, "192.0.2.10", check.Id),
            (primary.Name, primary.Type, primary.Failover, primary.Ttl ?? 0, Assert.Single(primary.ResourceRecords), primary.HealthCheckId));
        Assert.Equal(("SECONDARY", 60L, "198.51.100.10", (string?)null),
            (secondary.Failover, secondary.Ttl ?? 0, Assert.Single(secondary.ResourceRecords), secondary.HealthCheckId));

        // The real AWS CLI sees the same records and check.
        var cli = await _host.Cli.JsonAsync(DnsTestHost.Region, "route53", "list-resource-record-sets", "--hosted-zone-id", zoneId);
        var cliPrimary = cli.GetProperty("ResourceRecordSets").EnumerateArray().Single(r => r.TryGetProperty("SetIdentifier", out var id) && id.GetString() == "orders-primary");
        Assert.Equal("PRIMARY", cliPrimary.GetProperty("Failover").GetString());
        Assert.Equal(check.Id, cliPrimary.GetProperty("HealthCheckId").GetString());
        Assert.Equal("192.0.2.10", cliPrimary.GetProperty("ResourceRecords")[0].GetProperty("Value").GetString());
        var cliCheck = await _host.Cli.JsonAsync(DnsTestHost.Region, "route53", "get-health-check", "--health-check-id", check.Id);
        Assert.Equal(3, cliCheck.GetProperty("HealthCheck").GetProperty("HealthCheckConfig").GetProperty("FailureThreshold").GetInt32());

        var audit = await _host.AuditAsync();
        Assert.Equal(["dns.healthcheck.create", "dns.records.upsert"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("system:dns", "succeeded", "orders"), (a.Actor, a.Result, a.Application)));
        Assert.Equal(check.Id, audit[0].Target);
        Assert.Contains("INSYNC", result.Steps[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_SecondRunAfterApply_IsEmptyAndMakesNoChangeCall()
    {
        await _host.ZoneAsync("noop.example.com.");
        _host.Add("billing", DnsRecordBuilder.For("api.noop.example.com.", "noop.example.com.").Values("192.0.2.20", "198.51.100.20").Build());
        await ApplyAsync("billing");
        _host.Aws.Counter.Reset();

        var plan = await _host.Reconciler.PlanAsync("billing", default);
        var result = await _host.Reconciler.ApplyAsync("billing", plan!, cancellationToken: default);

        Assert.True(plan!.IsEmpty);
        var record = Assert.Single(plan.Records);
        Assert.Equal((DnsState.InSync, DnsState.InSync, DnsState.InSync), (record.HealthCheckState.State, record.Primary.State, record.Secondary.State));
        Assert.Empty(result.Steps);
        Assert.Equal(0, _host.Calls("Change") + _host.Calls("Create") + _host.Calls("Update"));
        Assert.Equal((1L, 1L), (_host.Aws.Counter.Count("route53", "*", "ListHealthChecks"), _host.Aws.Counter.Count("route53", "*", "ListResourceRecordSets")));
    }

    [Fact]
    public async Task PlanView_Route53AccessDeniedOrDark_UnknownWithTheReasonNeverInSync()
    {
        // An unreadable Route 53 plans no action; that must not read as "in sync" (issue 13: unknown is never green).
        await _host.ZoneAsync("blind.example.com.");
        _host.Add("ledger", DnsRecordBuilder.For("api.blind.example.com.", "blind.example.com.").Values("192.0.2.30", "198.51.100.30").Build());
        await ApplyAsync("ledger");
        Assert.Equal("InSync", DnsPlanView.From((await _host.Reconciler.PlanAsync("ledger", default))!).State);

        var denied = _host.Aws.Faults.Fail("us-east-1", "route53", "AccessDenied", 403, operation: "ListHealthChecks");
        var deniedView = DnsPlanView.From((await _host.Reconciler.PlanAsync("ledger", default))!);
        _host.Aws.Faults.Remove(denied);
        var dark = _host.Aws.Faults.MakeDark("us-east-1", "route53");
        var darkView = DnsPlanView.From((await _host.Reconciler.PlanAsync("ledger", default))!);
        _host.Aws.Faults.Remove(dark);

        Assert.Equal(("Unknown", false), (deniedView.State, deniedView.InSync));
        Assert.Contains(deniedView.Unknown, u => u.Contains("AccessDenied", StringComparison.Ordinal));
        Assert.Equal(("Unknown", false), (darkView.State, darkView.InSync));
        Assert.Contains(darkView.Unknown, u => u.Contains("RegionUnavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_AliasTargetsWithoutHealthCheck_WritesAliasesEvaluatingTargetHealth()
    {
        var zoneId = await _host.ZoneAsync("alias.example.com.");
        _host.Add("shop", DnsRecordBuilder.For("www.alias.example.com.", "alias.example.com.")
            .Aliases("Z35SXDOTRQ7X7K", "primary-lb.us-east-1.elb.amazonaws.com", "dr-lb.us-west-2.elb.amazonaws.com").Build());

        var result = await ApplyAsync("shop");
        var again = await _host.Reconciler.PlanAsync("shop", default);

        Assert.Equal([DnsActionKind.UpsertRecord], result.Steps.Select(s => s.Kind));
        var sets = await _host.Route53.ListResourceRecordSetsAsync(zoneId);
        var primary = Assert.Single(sets, s => s.SetIdentifier == "shop-primary");
        Assert.Equal(("PRIMARY", "Z35SXDOTRQ7X7K", "primary-lb.us-east-1.elb.amazonaws.com.", true, (string?)null),
            (primary.Failover, primary.AliasTarget!.HostedZoneId, primary.AliasTarget.DnsName, primary.AliasTarget.EvaluateTargetHealth, primary.HealthCheckId));
        Assert.True(Assert.Single(sets, s => s.SetIdentifier == "shop-secondary").AliasTarget!.EvaluateTargetHealth);
        Assert.DoesNotContain(await _host.Route53.ListHealthChecksAsync(), c => c.CallerReference.StartsWith("drservice:shop:", StringComparison.Ordinal));
        Assert.True(again!.IsEmpty, string.Join("; ", again.Actions.Select(a => a.DiffText)));
        Assert.Equal(DnsState.NotDeclared, again.Records[0].HealthCheckState.State);
    }

    [Fact]
    public async Task ApplyAsync_RecordsOwnedBySomeoneElse_LeavesThemUntouched()
    {
        var zoneId = await _host.ZoneAsync("shared.example.com.");
        ResourceRecordSet Weighted(string name, string id, string ip) => new(name, "A") { SetIdentifier = id, Weight = 10, Ttl = 300, ResourceRecords = [ip] };
        var foreign = new[]
        {
            Weighted("legacy.shared.example.com.", "orders-primary", "203.0.113.1"),   // our SetIdentifier, another name
            Weighted("blue.shared.example.com.", "blue", "203.0.113.2"),
        };
        await _host.Route53.ChangeResourceRecordSetsAsync(zoneId, [.. foreign.Select(ResourceRecordSetChange.Create)]);
        _host.Add("orders", DnsRecordBuilder.For("api.shared.example.com.", "shared.example.com.").Values("192.0.2.30", "198.51.100.30").Build());

        var result = await ApplyAsync("orders");

        Assert.True(result.Succeeded);
        var sets = await _host.Route53.ListResourceRecordSetsAsync(zoneId);
        foreach (var set in foreign)
        {
            var now = Assert.Single(sets, s => s.Name == set.Name);
            Assert.Equal((set.SetIdentifier, set.Weight, set.Ttl, set.ResourceRecords[0], (string?)null),
                (now.SetIdentifier, now.Weight, now.Ttl, Assert.Single(now.ResourceRecords), now.Failover));
        }
        Assert.Equal(2, sets.Count(s => s.Name == "api.shared.example.com."));
    }

    [Fact]
    public async Task ApplyAsync_SimpleRecordWithSameNameOwnedBySomeoneElse_ReportsConflictAndWritesNothing()
    {
        var zoneId = await _host.ZoneAsync("conflict.example.com.");
        var simple = new ResourceRecordSet("api.conflict.example.com.", "A") { Ttl = 300, ResourceRecords = ["203.0.113.9"] };
        await _host.Route53.ChangeResourceRecordSetsAsync(zoneId, [ResourceRecordSetChange.Create(simple)]);
        _host.Add("legacy", DnsRecordBuilder.For("api.conflict.example.com.", "conflict.example.com.").Values("192.0.2.40", "198.51.100.40").Build());
        _host.Aws.Counter.Reset();

        var plan = await _host.Reconciler.PlanAsync("legacy", default);
        var result = await _host.Reconciler.ApplyAsync("legacy", plan!, cancellationToken: default);

        Assert.Equal((DnsState.Conflict, DnsState.Conflict), (plan!.Records[0].Primary.State, plan.Records[0].Secondary.State));
        Assert.Contains("a simple record", plan.Records[0].Primary.Message, StringComparison.Ordinal);
        Assert.Empty(result.Steps);
        Assert.Equal(0, _host.Calls("Change") + _host.Calls("Create"));
        var now = Assert.Single(await _host.Route53.ListResourceRecordSetsAsync(zoneId), s => s.Name == "api.conflict.example.com.");
        Assert.Equal(("203.0.113.9", (string?)null), (Assert.Single(now.ResourceRecords), now.SetIdentifier));
    }

    [Fact]
    public async Task ApplyAsync_ConfigChangesThreshold_UpdatesHealthCheckInPlaceAndAudits()
    {
        await _host.ZoneAsync("config.example.com.");
        var record = DnsRecordBuilder.For("api.config.example.com.", "config.example.com.").Values("192.0.2.50", "198.51.100.50").Build();
        _host.Add("pay", record);
        var first = await ApplyAsync("pay");
        record.HealthCheck!.FailureThreshold = 5;
        record.HealthCheck.Path = "/ready";

        var plan = await _host.Reconciler.PlanAsync("pay", default);
        var result = await _host.Reconciler.ApplyAsync("pay", plan!, "alice", default);

        var action = Assert.Single(plan!.Actions);
        Assert.Equal(DnsActionKind.UpdateHealthCheck, action.Kind);
        Assert.Equal(["ResourcePath: /health -> /ready", "FailureThreshold: 3 -> 5"], action.Diff.Select(d => d.ToString()));
        var id = first.HealthCheckIds["dns:api.config.example.com./A"];
        Assert.Equal(id, result.HealthCheckIds["dns:api.config.example.com./A"]);
        var check = await _host.Route53.GetHealthCheckAsync(id);
        Assert.Equal((5, "/ready"), (check.Config.FailureThreshold ?? 0, check.Config.ResourcePath));
        Assert.Equal(id, Assert.Single(await _host.OwnedChecksAsync("pay", "api.config.example.com.")).Id);
        var audit = (await _host.AuditAsync())[^1];
        Assert.Equal(("alice", "dns.healthcheck.update", id), (audit.Actor, audit.Action, audit.Target));
        Assert.Contains("FailureThreshold: 3 -> 5", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_IntervalChangedTwice_ReplacesCheckUnderANewReferenceSwitchesRecordThenDeletesOld()
    {
        var zoneId = await _host.ZoneAsync("replace.example.com.");
        var record = DnsRecordBuilder.For("api.replace.example.com.", "replace.example.com.").Values("192.0.2.60", "198.51.100.60").Build();
        _host.Add("inv", record);
        var first = (await ApplyAsync("inv")).HealthCheckIds.Values.Single();
        var references = new List<string> { (await _host.Route53.GetHealthCheckAsync(first)).CallerReference };
        var previous = first;

        foreach (var interval in new[] { 10, 30 })   // 30 -> 10 -> 30: the last settings equal the first check's
        {
            record.HealthCheck!.Interval = interval;
            var plan = await _host.Reconciler.PlanAsync("inv", default);
            var result = await _host.Reconciler.ApplyAsync("inv", plan!, "alice", default);

            var planned = plan!.Records[0];
            Assert.Equal(DnsState.RequiresReplacement, planned.HealthCheckState.State);
            Assert.Equal([DnsActionKind.CreateHealthCheck, DnsActionKind.UpsertRecord, DnsActionKind.DeleteHealthCheck], result.Steps.Select(s => s.Kind));
            Assert.True(result.Succeeded, string.Join("; ", result.Steps.Select(s => s.Detail)));
            var now = Assert.Single(await _host.OwnedChecksAsync("inv", "api.replace.example.com."));
            Assert.NotEqual(previous, now.Id);
            Assert.Equal(interval, now.Config.RequestInterval);
            Assert.DoesNotContain(now.CallerReference, references);     // never reused: AWS would answer HealthCheckAlreadyExists
            references.Add(now.CallerReference);
            var primary = Assert.Single(await _host.Route53.ListResourceRecordSetsAsync(zoneId), s => s.SetIdentifier == "inv-primary");
            Assert.Equal(now.Id, primary.HealthCheckId);
            var gone = await Assert.ThrowsAsync<DrService.Aws.Errors.AwsServiceException>(() => _host.Route53.GetHealthCheckAsync(previous));
            Assert.Equal("NoSuchHealthCheck", gone.ErrorCode);
            var audit = (await _host.AuditAsync())[^1];
            Assert.Equal(("alice", "dns.healthcheck.delete", previous), (audit.Actor, audit.Action, audit.Target));
            Assert.True((await _host.Reconciler.PlanAsync("inv", default))!.IsEmpty);
            previous = now.Id;
        }
    }

    [Fact]
    public async Task ApplyAsync_RecordSwitchRefused_DeletesNothingAndTheNextApplyFinishesWithTheCheckAlreadyMade()
    {
        var zoneId = await _host.ZoneAsync("refused.example.com.");
        var record = DnsRecordBuilder.For("api.refused.example.com.", "refused.example.com.").Values("192.0.2.61", "198.51.100.61").Build();
        _host.Add("ref", record);
        var old = (await ApplyAsync("ref")).HealthCheckIds.Values.Single();
        record.HealthCheck!.Type = "TCP";
        var fault = _host.Aws.Faults.Fail("us-east-1", "route53", "InvalidChangeBatch", operation: "ChangeResourceRecordSets");

        var refused = await ApplyAsync("ref");

        Assert.False(refused.Succeeded);
        Assert.Equal([DnsActionKind.CreateHealthCheck, DnsActionKind.UpsertRecord], refused.Steps.Select(s => s.Kind));
        Assert.Equal(0, _host.Calls("DeleteHealthCheck"));
        Assert.Equal(old, (await _host.Route53.GetHealthCheckAsync(old)).Id);                 // still there, still used
        Assert.Equal(2, (await _host.OwnedChecksAsync("ref", "api.refused.example.com.")).Count);

        _host.Aws.Faults.Remove(fault);
        _host.Aws.Counter.Reset();
        var finished = await ApplyAsync("ref");

        Assert.True(finished.Succeeded);
        Assert.Equal([DnsActionKind.UpsertRecord, DnsActionKind.DeleteHealthCheck], finished.Steps.Select(s => s.Kind));
        Assert.Equal(0, _host.Calls("CreateHealthCheck"));                                    // the TCP check made before is used
        var now = Assert.Single(await _host.OwnedChecksAsync("ref", "api.refused.example.com."));
        Assert.Equal(("TCP", now.Id), (now.Config.Type, Assert.Single(await _host.Route53.ListResourceRecordSetsAsync(zoneId), s => s.SetIdentifier == "ref-primary").HealthCheckId));
    }

    [Fact]
    public async Task ApplyAsync_LeftoverChecks_DeletesOnlyOursThatNoRecordUses()
    {
        var zoneId = await _host.ZoneAsync("left.example.com.");
        _host.Add("left", DnsRecordBuilder.For("api.left.example.com.", "left.example.com.").Values("192.0.2.62", "198.51.100.62").Build());
        var used = (await ApplyAsync("left")).HealthCheckIds.Values.Single();
        var tcp = new HealthCheckConfig(HealthCheckTypes.Tcp) { IPAddress = "192.0.2.62", Port = 80 };
        async Task<string> CheckAsync(string reference, string? app)
        {
            var check = await _host.Route53.CreateHealthCheckAsync(reference, tcp);
            if (app is not null)
            {
                await _host.Route53.ChangeTagsForResourceAsync(Route53TagResourceType.HealthCheck, check.Id,
                    new Dictionary<string, string> { ["dr:managed-by"] = "drservice", ["dr:app"] = app, ["dr:record"] = "api.left.example.com./A" });
            }
            return check.Id;
        }
        var leftover = await CheckAsync("drservice:left-leftover", "left");
        var usedElsewhere = await CheckAsync("drservice:left-elsewhere", "left");
        var otherApp = await CheckAsync("drservice:other-app", "other");
        var untagged = await CheckAsync("drservice:untagged", null);
        await _host.Route53.ChangeResourceRecordSetsAsync(zoneId, [ResourceRecordSetChange.Create(
            new ResourceRecordSet("www.left.example.com.", "A") { SetIdentifier = "www", Weight = 1, Ttl = 60, ResourceRecords = ["203.0.113.5"], HealthCheckId = usedElsewhere })]);

        var plan = await _host.Reconciler.PlanAsync("left", default);
        var result = await _host.Reconciler.ApplyAsync("left", plan!, cancellationToken: default);

        var delete = Assert.Single(plan!.Actions);
        Assert.Equal((DnsActionKind.DeleteHealthCheck, leftover), (delete.Kind, delete.HealthCheckId));
        Assert.Equal(DnsState.Drift, plan.Records[0].HealthCheckState.State);
        Assert.True(result.Succeeded);
        var remaining = (await _host.Route53.ListHealthChecksAsync()).Select(c => c.Id).ToList();
        Assert.DoesNotContain(leftover, remaining);
        Assert.All(new[] { used, usedElsewhere, otherApp, untagged }, id => Assert.Contains(id, remaining));
        Assert.True((await _host.Reconciler.PlanAsync("left", default))!.IsEmpty);
    }

    [Fact]
    public async Task ApplyAsync_CheckCreatedButNeverTagged_AdoptsItInsteadOfCreatingAnother()
    {
        var zoneId = await _host.ZoneAsync("adopt.example.com.");
        var record = DnsRecordBuilder.For("api.adopt.example.com.", "adopt.example.com.").Values("192.0.2.63", "198.51.100.63").Build();
        _host.Add("adopt", record);
        var desired = DnsDesiredState.HealthCheck(record)!;
        var orphan = await _host.Route53.CreateHealthCheckAsync(DnsOwnership.CallerReference("adopt", record, desired, _host.Time.GetUtcNow()), desired);
        _host.Aws.Counter.Reset();

        var result = await ApplyAsync("adopt");

        Assert.True(result.Succeeded);
        Assert.Equal([DnsActionKind.TagHealthCheck, DnsActionKind.UpsertRecord], result.Steps.Select(s => s.Kind));
        Assert.Equal(0, _host.Calls("CreateHealthCheck"));
        Assert.Equal(orphan.Id, Assert.Single(await _host.OwnedChecksAsync("adopt", "api.adopt.example.com.")).Id);
        Assert.Equal(orphan.Id, Assert.Single(await _host.Route53.ListResourceRecordSetsAsync(zoneId), s => s.SetIdentifier == "adopt-primary").HealthCheckId);
        Assert.Equal("dns.healthcheck.tag", (await _host.AuditAsync())[0].Action);
    }
}
