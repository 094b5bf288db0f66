using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DrService.Testing;

namespace DrService.IntegrationTests.Hosting;

/// <summary>The README's first command, for real: the service in sandbox mode as its own process.</summary>
public sealed partial class SandboxProcessTests
{
    [Fact]
    public async Task Sandbox_Started_IsReadyServesMetricsAndCtrlCStopsTheEmulator()
    {
        using var data = new TempFolder();
        await using var service = ServiceProcess.Start(["--sandbox"], new Dictionary<string, string?>
        {
            ["DrService__Storage__DataDirectory"] = data.Path,
        });
        await service.WaitUntilListeningAsync();

        // First run: the sandbox prints an admin token once (and keeps it in a 0600 file); the API needs it.
        var token = AdminToken().Match(service.Output).Groups[1].Value;
        Assert.True(token.Length > 0, service.Output);
        var tokenFile = Path.Combine(data.Path, "sandbox", "admin-token");
        Assert.Equal(token, (await File.ReadAllTextAsync(tokenFile)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        }
        using (var anonymous = await service.Http.GetAsync(new Uri("/api/v1/backups", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        service.Http.Authorize(token);

        var ready = await ReadyzAsync(service);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "scheduler", "aws" })
        {
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        var metrics = await service.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("dr_aws_calls", metrics, StringComparison.Ordinal);
        Assert.Contains("aws_service=\"sts\"", metrics, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data.Path, "sandbox", "drservice.db")), service.Output);

        await AssertDemoEstateAsync(new Uri(MotoEndpoint().Match(service.Output).Groups[1].Value));

        await AssertBackupDemoAsync(service);
        await AssertWitnessDemoAsync(service);

        var motoPid = int.Parse(MotoPid().Match(service.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(IsRunning(motoPid), "the sandbox's moto server should run while the service runs");

        var exitCode = await service.InterruptAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.False(IsRunning(motoPid), $"moto server (pid {motoPid}) must stop with the service:\n{service.Output}");
    }

    /// <summary>What the seeder made, as another tool (the real AWS CLI) sees it in the emulator.</summary>
    private static async Task AssertDemoEstateAsync(Uri moto)
    {
        var cli = new AwsCli(moto);
        var replicas = await cli.JsonAsync("us-west-2", "rds", "describe-db-instances");
        var replica = replicas.GetProperty("DBInstances").EnumerateArray().Single(i => i.GetProperty("DBInstanceIdentifier").GetString() == "orders-db-dr");
        Assert.EndsWith(":db:orders-db", replica.GetProperty("ReadReplicaSourceDBInstanceIdentifier").GetString(), StringComparison.Ordinal);

        var fleet = await cli.JsonAsync("us-east-1", "ec2", "describe-instances", "--filters", "Name=tag:dr:app,Values=orders");
        Assert.Equal(2, fleet.GetProperty("Reservations").EnumerateArray().Sum(r => r.GetProperty("Instances").GetArrayLength()));

        var snapshots = await cli.JsonAsync("us-east-1", "ec2", "describe-snapshots", "--owner-ids", "self", "--filters", "Name=tag:dr:app,Values=orders", "Name=tag:dr:demo,Values=true");
        Assert.Equal(2, snapshots.GetProperty("Snapshots").GetArrayLength());

        var replication = await cli.JsonAsync("us-east-1", "s3api", "get-bucket-replication", "--bucket", "drservice-demo-orders");
        Assert.Equal("Enabled", replication.GetProperty("ReplicationConfiguration").GetProperty("Rules")[0].GetProperty("Status").GetString());

        var zones = await cli.JsonAsync("us-east-1", "route53", "list-hosted-zones-by-name", "--dns-name", "demo.drservice.internal.");
        var zoneId = zones.GetProperty("HostedZones")[0].GetProperty("Id").GetString()!;
        var records = await cli.JsonAsync("us-east-1", "route53", "list-resource-record-sets", "--hosted-zone-id", zoneId);
        var failover = records.GetProperty("ResourceRecordSets").EnumerateArray()
            .Where(r => r.TryGetProperty("Failover", out _))
            .Select(r => $"{r.GetProperty("Name").GetString()} {r.GetProperty("Failover").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            ["catalog.demo.drservice.internal. PRIMARY", "catalog.demo.drservice.internal. SECONDARY",
             "ledger-api.demo.drservice.internal. PRIMARY", "ledger-api.demo.drservice.internal. SECONDARY",
             "ledger.demo.drservice.internal. PRIMARY", "ledger.demo.drservice.internal. SECONDARY",
             "orders.demo.drservice.internal. PRIMARY", "orders.demo.drservice.internal. SECONDARY"],
            failover);

        // The third application, ledger: two databases found by tags, a web and a worker instance from two AMIs.
        var ledgerDatabases = await cli.JsonAsync("us-east-1", "rds", "describe-db-instances");
        Assert.Equal(["ledger-db-accounts", "ledger-db-journal"], ledgerDatabases.GetProperty("DBInstances").EnumerateArray()
            .Select(i => i.GetProperty("DBInstanceIdentifier").GetString()!).Where(i => i.StartsWith("ledger-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var ledgerFleet = await cli.JsonAsync("us-east-1", "ec2", "describe-instances", "--filters", "Name=tag:dr:app,Values=ledger");
        Assert.Equal(2, ledgerFleet.GetProperty("Reservations").EnumerateArray().Sum(r => r.GetProperty("Instances").GetArrayLength()));
    }

    /// <summary>
    /// The backup demo: the first cycles copy volumes and AMIs, retention prunes the seeded old copies, and the
    /// databases' RPO is red because the fault layer throttles CopyDBSnapshot; lifting the fault and running again
    /// turns it green.
    /// </summary>
    private static async Task AssertBackupDemoAsync(ServiceProcess service)
    {
        var catalog = await WaitForAsync(service, "/api/v1/backups/catalog", s => s.GetProperty("resources").GetArrayLength() >= 3);
        var resources = catalog.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("kind").GetString()!);
        Assert.Equal("Ok", resources["EbsSnapshot"].GetProperty("rpoState").GetString());
        Assert.Equal("Ok", resources["Image"].GetProperty("rpoState").GetString());
        Assert.Equal("Breached", resources["DbSnapshot"].GetProperty("rpoState").GetString());
        Assert.Equal("Throttling", resources["DbSnapshot"].GetProperty("errorCode").GetString());
        Assert.Equal("Breached", catalog.GetProperty("worstRpo").GetString());

        var runs = await service.Http.GetStringAsync(new Uri("/api/v1/jobs/runs?job=backup-catalog", UriKind.Relative));
        Assert.Contains("removed by retention", runs, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 removed by retention", runs, StringComparison.Ordinal);

        using (var lift = await service.Http.DeleteAsync(new Uri("/api/v1/sandbox/faults", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, lift.StatusCode);
        }
        using (var run = await service.Http.PostAsync(new Uri("/api/v1/backups/catalog/run", UriKind.Relative), content: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        }
        await WaitForAsync(service, "/api/v1/backups/catalog", s => s.GetProperty("worstRpo").GetString() == "Ok");
    }

    /// <summary>
    /// The witness and readiness: every application has a readiness verdict; the orders primary is Healthy, and with the
    /// primary region made dark DrService's probe fails while Route 53 (moto) still says healthy: Degraded.
    /// </summary>
    private static async Task AssertWitnessDemoAsync(ServiceProcess service)
    {
        var readiness = await WaitForAsync(service, "/api/v1/readiness", r => r.GetProperty("items").GetArrayLength() == 3);
        Assert.All(readiness.GetProperty("items").EnumerateArray(), a => Assert.Contains(a.GetProperty("verdict").GetString(), new[] { "Ready", "AtRisk", "NotReady" }));

        await WaitForAsync(service, "/api/v1/witness/orders", w => w.GetProperty("verdict").GetString() == "Healthy");
        using (var dark = await service.Http.PostAsync(new Uri("/api/v1/sandbox/faults", UriKind.Relative),
            new StringContent("{\"region\":\"us-east-1\",\"service\":\"*\",\"dark\":true}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, dark.StatusCode);
        }
        var degraded = await WaitForAsync(service, "/api/v1/witness/orders", w => w.GetProperty("verdict").GetString() == "Degraded");
        Assert.Contains("disagree", degraded.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var lift = await service.Http.DeleteAsync(new Uri("/api/v1/sandbox/faults", UriKind.Relative));
    }

    private static async Task<JsonElement> WaitForAsync(ServiceProcess service, string path, Func<JsonElement, bool> done)
    {
        string body = string.Empty;
        for (var attempt = 0; attempt < 150; attempt++)
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

    private static async Task<JsonElement> ReadyzAsync(ServiceProcess service)
    {
        // Readiness includes the scheduler, which starts once the application has started: poll briefly.
        for (var attempt = 0; ; attempt++)
        {
            using var response = await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK || attempt == 50)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"/readyz answered {response.StatusCode}: {body}\n{service.Output}");
                return JsonDocument.Parse(body).RootElement.Clone();
            }
            await Task.Delay(200);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Dashboard: http://\S+/  \(sign in with the admin token: (drs_\S+)\)")]
    private static partial Regex AdminToken();

    [GeneratedRegex(@"moto server\) at (\S+), pid")]
    private static partial Regex MotoEndpoint();

    [GeneratedRegex(@"moto server\) at \S+, pid (\d+)")]
    private static partial Regex MotoPid();
}
