using System.Net.Http.Json;
using System.Text.Json;
using DrService.Cli;
using DrService.Testing;

namespace DrService.IntegrationTests.Cli;

/// <summary>
/// drctl against the real service: the sandbox as its own process on a free loopback port, drctl run in-process
/// (<see cref="Drctl.RunAsync"/>) over real HTTP with API tokens, as an operator's script would use it.
/// </summary>
public sealed class DrctlProcessTests
{
    [Fact]
    public async Task Drctl_AgainstTheSandbox_StatusDrillReportAndTheRefusals()
    {
        using var data = new TempFolder();
        await using var service = ServiceProcess.Start(["--sandbox"], new Dictionary<string, string?>
        {
            ["DrService__Storage__DataDirectory"] = data.Path,
        });
        await service.WaitUntilListeningAsync();
        var admin = (await File.ReadAllTextAsync(Path.Combine(data.Path, "sandbox", "admin-token"))).Trim();
        service.Http.Authorize(admin);
        var server = service.BaseAddress.ToString().TrimEnd('/');
        var operatorToken = await CreateTokenAsync(service, "drctl", "operator");
        var viewerToken = await CreateTokenAsync(service, "drctl-viewer", "viewer");
        // Every application has a verdict, and the AMIs of orders have their DR-region copies (a drill launches from them).
        await WaitForAsync(service, "/api/v1/readiness", r => r.GetProperty("items").GetArrayLength() == 3);
        await WaitForAsync(service, "/api/v1/backups/orders", b => b.GetProperty("resources").EnumerateArray()
            .Count(r => r.GetProperty("kind").GetString() == "Image" && r.GetProperty("rpoState").GetString() == "Ok") >= 2);

        var status = await DrctlAsync("status", "-o", "json", "--server", server, "--token", operatorToken);
        var rows = JsonDocument.Parse(status.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["catalog", "ledger", "orders"], rows.Select(r => r.GetProperty("application").GetString()).Order(StringComparer.Ordinal));
        var anyNotReady = rows.Any(r => r.GetProperty("verdict").GetString() == "NotReady");
        Assert.True(status.Exit == (anyNotReady ? 6 : 0), $"exit {status.Exit} with verdicts {string.Join(", ", rows.Select(r => r.GetProperty("verdict")))}\n{status.Error}");

        // The sandbox's demo fault blocks the copies of orders-db, but the tier A drill recovers the database from its
        // replica, not from a copy: that is not its problem (the inventory's problems are those of the kinds it recovers).
        var drill = await DrctlAsync("drill", "start", "orders", "--watch", "-o", "json", "--interval", "0.5", "--server", server, "--token", operatorToken);
        Assert.True(drill.Exit == 0, $"exit {drill.Exit}: {drill.Error}\n{drill.Out}");
        var execution = JsonDocument.Parse(drill.Out).RootElement;
        Assert.Equal("Succeeded", execution.GetProperty("phase").GetString());
        Assert.Equal("Drill", execution.GetProperty("mode").GetString());
        Assert.Equal("drctl", execution.GetProperty("requestedBy").GetString());
        var id = execution.GetProperty("id").GetString()!;

        var report = await DrctlAsync("drill", "report", id, "-o", "json", "--server", server, "--token", operatorToken);
        Assert.True(report.Exit == 0, $"exit {report.Exit}: {report.Error}");
        var reportJson = JsonDocument.Parse(report.Out).RootElement;
        Assert.Equal(id, reportJson.GetProperty("executionId").GetString());
        Assert.Equal(JsonValueKind.Number, reportJson.GetProperty("rtoSeconds").ValueKind);
        Assert.True(reportJson.GetProperty("rtoSeconds").GetDouble() > 0);

        // The tier B ledger (two databases by tags, two roles with attached volumes, two DNS records, no bucket): its
        // drill passes and its report lists every item. It declares no probes and no smoke-test URL, so the sandbox gives
        // it no stand-in either: the smoke test is skipped and the RTO is measured to "infrastructure ready".
        await WaitForAsync(service, "/api/v1/backups/ledger", b => b.GetProperty("resources").EnumerateArray()
            .Count(r => r.GetProperty("kind").GetString() is "Image" or "DbSnapshot" or "EbsSnapshot" && r.GetProperty("rpoState").GetString() == "Ok") >= 6);
        var ledger = await DrctlAsync("drill", "start", "ledger", "--watch", "-o", "json", "--interval", "0.5", "--server", server, "--token", operatorToken);
        Assert.True(ledger.Exit == 0, $"exit {ledger.Exit}: {ledger.Error}\n{ledger.Out}");
        var ledgerId = JsonDocument.Parse(ledger.Out).RootElement.GetProperty("id").GetString()!;
        var ledgerReport = await DrctlAsync("drill", "report", ledgerId, "-o", "json", "--server", server, "--token", operatorToken);
        Assert.True(ledgerReport.Exit == 0, $"exit {ledgerReport.Exit}: {ledgerReport.Error}\n{ledgerReport.Out}");
        var ledgerJson = JsonDocument.Parse(ledgerReport.Out).RootElement;
        Assert.Equal("infrastructure ready", ledgerJson.GetProperty("rtoMeasuredTo").GetString());
        var items = ledgerJson.GetProperty("items").EnumerateArray().ToList();
        // (A drill verifies DNS without changing it: the DNS records' items are Skipped, the rest Succeeded.)
        Assert.True(items.All(i => i.GetProperty("state").GetString() is "Succeeded" or "Skipped"), ledgerReport.Out);
        Assert.True(items.Where(i => i.GetProperty("kind").GetString() != "dnsRecords").All(i => i.GetProperty("state").GetString() == "Succeeded"), ledgerReport.Out);
        Assert.Equal(["ledger-db-accounts", "ledger-db-journal"], items.Where(i => i.GetProperty("kind").GetString() == "databases")
            .Select(i => i.GetProperty("source").GetString()!).Order(StringComparer.Ordinal));
        Assert.True(items.Count(i => i.GetProperty("kind").GetString() == "instances") == 2, ledgerReport.Out);
        Assert.True(items.Count(i => i.GetProperty("kind").GetString() == "volumes") == 2, ledgerReport.Out);

        // catalog's database copies are blocked by the sandbox's demo fault: its inventory has an error, the drill is
        // refused with the problems listed (exit 11), and nothing starts.
        var refused = await DrctlAsync("drill", "start", "catalog", "--server", server, "--token", operatorToken);
        Assert.True(refused.Exit == 11, $"exit {refused.Exit}: {refused.Error}");
        Assert.Contains("ERROR", refused.Error, StringComparison.Ordinal);
        Assert.Contains("catalog-db", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--accept-problems", refused.Error, StringComparison.Ordinal);
        var catalogDrills = await WaitForAsync(service, "/api/v1/drills?application=catalog", _ => true);
        Assert.Equal(0, catalogDrills.GetProperty("items").GetArrayLength());

        // A production failover from a script without --confirm: refused before any request is made.
        var unconfirmed = await DrctlAsync("failover", "start", "orders", "--server", server, "--token", operatorToken);
        Assert.True(unconfirmed.Exit == 10, $"exit {unconfirmed.Exit}: {unconfirmed.Error}");
        var failovers = await WaitForAsync(service, "/api/v1/executions?application=orders&mode=Production", _ => true);
        Assert.Equal(0, failovers.GetProperty("items").GetArrayLength());

        // A viewer may read but not start a drill: the service answers 403, drctl exits 3.
        var viewer = await DrctlAsync("drill", "start", "orders", "--server", server, "--token", viewerToken);
        Assert.True(viewer.Exit == 3, $"exit {viewer.Exit}: {viewer.Error}");
        var viewerStatus = await DrctlAsync("status", "-o", "json", "--server", server, "--token", viewerToken);
        Assert.Contains(viewerStatus.Exit, new[] { 0, 6 });
    }

    private static async Task<(int Exit, string Out, string Error)> DrctlAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // No DRCTL_* environment and no config file: only the flags decide the server and the token.
        var exit = await Drctl.RunAsync(args, new Drctl.Io(output, error, _ => null, Handler: null), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<string> CreateTokenAsync(ServiceProcess service, string name, string role)
    {
        using var response = await service.Http.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name, role });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<JsonElement> WaitForAsync(ServiceProcess service, string path, Func<JsonElement, bool> done)
    {
        var body = string.Empty;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            body = await service.Http.GetStringAsync(new Uri(path, UriKind.Relative));
            var json = JsonDocument.Parse(body).RootElement.Clone();
            if (done(json))
            {
                return json;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{path} never reached the expected state; last answer: {body}\n{service.Output}");
        return default;
    }
}
