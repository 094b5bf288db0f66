using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Aws.Route53;
using DrService.Configuration;
using DrService.Runbooks.Actions;
using DrService.Sandbox;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Filter = Amazon.EC2.Model.Filter;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// The estate a runbook fault test fails over: the sandbox's demo estate (its tier B application "catalog": a fleet,
/// a volume, a database with snapshots, a replicated bucket, DNS failover records) seeded into the collection's moto
/// server (reset first: the demo's names are fixed), the service's configuration (the shipped appsettings.json with
/// only "catalog", moto as AWS, no schedule that fires, a short runbook lease), and what the tests count in moto: what
/// an execution created, by its <c>dr:execution-id</c> tag. <paramref name="application"/> picks the demo application
/// the configuration keeps: "catalog" (one item of each kind) or "ledger" (two databases, two instances, two volumes:
/// a fan-out of more than one item per step).
/// </summary>
internal sealed class RunbookEstate(Uri moto, string application = RunbookEstate.Application) : IDisposable
{
    public const string Application = "catalog";
    public const string Ledger = "ledger";

    private readonly AwsTestHost _aws = new(moto);

    public Uri Moto { get; } = moto;

    /// <summary>The one application the configuration keeps.</summary>
    public string Name { get; } = application;

    /// <summary>Resets moto server and seeds the demo estate, as the sandbox does at start-up.</summary>
    public async Task SeedAsync(MotoServer server)
    {
        await server.ResetAsync();
        var options = Options.Create(new DrOptions { Regions = new RegionsOptions { Primary = FaultEstate.Primary, Dr = FaultEstate.Dr } });
        var seeder = new DemoEstateSeeder(_aws.Clients, _aws.Services.GetRequiredService<IRdsClient>(), _aws.Services.GetRequiredService<IRoute53Client>(),
            _aws.Services.GetRequiredService<ICloudWatchClient>(), options, TimeProvider.System, NullLogger<DemoEstateSeeder>.Instance);
        await seeder.StartAsync(CancellationToken.None);
    }

    /// <summary>
    /// The configuration file: the shipped appsettings.json cut down to <see cref="Name"/> (approval not required, smoke test
    /// against moto server's own dashboard), fault rules (configured latency), SQLite in <paramref name="dataFolder"/>
    /// or PostgreSQL, runbook lease 5 s polled every second.
    /// </summary>
    public string WriteConfig(TempFolder folder, string? dataFolder = null, string? postgres = null, JsonArray? faultRules = null, string name = "appsettings.json")
    {
        var root = JsonNode.Parse(File.ReadAllText(Repository.AppSettings))!.AsObject();
        root["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning", ["DrService"] = "Information", ["Microsoft.EntityFrameworkCore"] = "Error", ["Quartz"] = "Warning" } };
        var dr = root["DrService"]!.AsObject();
        var catalog = dr["Applications"]![Name]!.DeepClone().AsObject();
        catalog["Schedule"] = new JsonObject { ["Backup"] = ServiceConfig.Never };
        var recovery = catalog["Recovery"]!.AsObject();
        recovery["RequireApproval"] = false;
        recovery["SmokeTestUrl"] = new Uri(Moto, "/moto-api/").ToString();
        dr["Applications"] = new JsonObject { [Name] = catalog };
        var aws = dr["Aws"]!.AsObject();
        aws["ServiceUrl"] = Moto.ToString();
        aws["EmulatorQuirks"] = MotoServer.QuirksJson();
        aws["StsRegion"] = FaultEstate.Dr;
        aws["Retry"] = new JsonObject { ["MaxAttempts"] = 3, ["BaseDelay"] = "00:00:00.020", ["MaxDelay"] = "00:00:00.100" };
        var rules = faultRules ?? [];
        aws["Faults"] = new JsonObject { ["Enabled"] = rules.Count > 0, ["Rules"] = rules.DeepClone() };
        dr["Schedules"] = new JsonObject { ["Backup"] = ServiceConfig.Never, ["Monitoring"] = ServiceConfig.Never, ["Retention"] = ServiceConfig.Never, ["TimeZone"] = "UTC", ["CatchUpWindow"] = "00:10:00" };
        var backups = dr["Backups"]!.AsObject();
        backups["PollInterval"] = "00:00:01";
        backups["RetryBaseDelay"] = "00:00:00.100";
        backups["RetryMaxDelay"] = "00:00:00.300";
        dr["Storage"] = postgres is null
            ? new JsonObject { ["Provider"] = "Sqlite", ["DataDirectory"] = dataFolder ?? Path.Combine(folder.Path, "data") }
            : new JsonObject { ["Provider"] = "Postgres", ["ConnectionString"] = postgres };
        var runbooks = dr["Runbooks"]!.AsObject();
        runbooks["PollInterval"] = "00:00:01";
        runbooks["LeaseDuration"] = "00:00:05";
        return folder.Write(name, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>DB instances in the DR region tagged with the execution's id, with the step (copy) that created each.</summary>
    public async Task<IReadOnlyList<Created>> RestoredDatabasesAsync(string executionId)
    {
        var rds = _aws.Services.GetRequiredService<IRdsClient>();
        var found = new List<Created>();
        foreach (var instance in await rds.DescribeDBInstancesAsync(FaultEstate.Dr))
        {
            var tags = instance.Tags.Count > 0 ? instance.Tags : await rds.ListTagsForResourceAsync(FaultEstate.Dr, instance.Arn);
            if (tags.GetValueOrDefault(RunbookTags.ExecutionId) == executionId)
            {
                found.Add(new Created(instance.Identifier, tags.GetValueOrDefault(RunbookTags.StepId)));
            }
        }
        return found;
    }

    /// <summary>EC2 instances (any state) in the DR region tagged with the execution's id, with the step that launched each.</summary>
    public async Task<IReadOnlyList<Created>> LaunchedInstancesAsync(string executionId)
    {
        var found = await _aws.Clients.Ec2(FaultEstate.Dr).DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("tag:" + RunbookTags.ExecutionId, [executionId])],
        });
        return [.. (found.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(i => new Created(i.InstanceId, StepOf(i.Tags)))];
    }

    /// <summary>EBS volumes in the DR region tagged with the execution's id, with the step that created each.</summary>
    public async Task<IReadOnlyList<Created>> CreatedVolumesAsync(string executionId)
    {
        var found = await _aws.Clients.Ec2(FaultEstate.Dr).DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new Filter("tag:" + RunbookTags.ExecutionId, [executionId])],
        });
        return [.. (found.Volumes ?? []).Select(v => new Created(v.VolumeId, StepOf(v.Tags)))];
    }

    private static string? StepOf(List<Amazon.EC2.Model.Tag>? tags) => tags?.FirstOrDefault(t => t.Key == RunbookTags.StepId)?.Value;

    public void Dispose() => _aws.Dispose();
}

/// <summary>A resource an execution created in moto, and the step (<c>TEMPLATE:ITEM</c>) whose <c>dr:step</c> tag it carries.</summary>
internal sealed record Created(string Id, string? Step);

/// <summary>The runbook API as a fault test drives it: backup first, DNS provisioned, a production failover, its journal.</summary>
internal static class RunbookApi
{
    private static readonly string[] Terminal = ["Succeeded", "PartiallyFailed", "Failed", "Cancelled", "Skipped"];

    /// <summary>The DR copies (one backup cycle) and the failover records (DNS apply), both of which the failover needs.</summary>
    public static async Task PrepareAsync(this HttpClient http, string application)
    {
        var run = await http.WaitForRunAsync(await http.RunBackupAsync(application), TimeSpan.FromSeconds(60));
        Assert.True(run.GetProperty("phase").GetString() is "Succeeded" or "PartiallyFailed", $"backup cycle: {run}");
        using var dns = await http.PostAsync(new Uri($"/api/v1/dns/{application}/apply", UriKind.Relative), content: null);
        var body = await dns.Content.ReadAsStringAsync();
        Assert.True(dns.StatusCode == HttpStatusCode.OK, $"DNS apply answered {dns.StatusCode}: {body}");
    }

    /// <summary><c>POST /api/v1/executions</c>: a confirmed production run of <paramref name="runbook"/>; returns its id.</summary>
    public static async Task<string> StartProductionAsync(this HttpClient http, string runbook, string application)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/executions", new { runbook, application, mode = "Production", confirm = application });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"start answered {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static Task<JsonElement> ExecutionAsync(this HttpClient http, string id) => http.JsonAsync($"/api/v1/executions/{id}");

    public static IEnumerable<string> StepsIn(this JsonElement execution, string state) =>
        execution.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("state").GetString() == state).Select(s => s.GetProperty("id").GetString()!);

    /// <summary>The template a step id comes from: the part before ':' (<c>restore-db:catalog-db</c> → <c>restore-db</c>).</summary>
    public static string Template(string stepId) => stepId.Split(':', 2)[0];

    /// <summary>The ids of <paramref name="template"/>'s copies (one per item; the template's own id when the kind had no items).</summary>
    public static IReadOnlyList<string> StepsOf(this JsonElement execution, string template) =>
        [.. execution.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Where(s => Template(s) == template)];

    /// <summary>Whether <paramref name="template"/> has copies and every one of them is in <paramref name="state"/>.</summary>
    public static bool AllIn(this JsonElement execution, string template, string state)
    {
        var copies = execution.StepsOf(template);
        var inState = execution.StepsIn(state).ToHashSet();
        return copies.Count > 0 && copies.All(inState.Contains);
    }

    public static async Task<JsonElement> WaitForEndAsync(this HttpClient http, string id, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < timeout)
        {
            last = await http.ExecutionAsync(id);
            if (Terminal.Contains(last.GetProperty("phase").GetString()))
            {
                return last;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"execution {id} did not end; last: {last}\n{diagnostics?.Invoke()}");
        return default;
    }

    /// <summary>The whole journal: (sequence, kind, step).</summary>
    public static async Task<IReadOnlyList<(long Sequence, string Kind, string? Step)>> JournalAsync(this HttpClient http, string id)
    {
        var page = await http.JsonAsync($"/api/v1/executions/{id}/journal?after=0");
        return [.. page.GetProperty("items").EnumerateArray().Select(e => (
            e.GetProperty("sequence").GetInt64(),
            e.GetProperty("kind").GetString()!,
            e.TryGetProperty("stepId", out var step) && step.ValueKind == JsonValueKind.String ? step.GetString() : null))];
    }

    public static string Describe(this IEnumerable<(long Sequence, string Kind, string? Step)> journal) =>
        string.Join("\n", journal.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Sequence} {e.Kind} {e.Step}")));
}
