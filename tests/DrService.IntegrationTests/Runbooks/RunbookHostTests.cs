using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DrService.Testing;

namespace DrService.IntegrationTests.Runbooks;

/// <summary>The runbook API and catalog in the real service process.</summary>
public sealed class RunbookHostTests
{
    [Fact]
    public async Task Start_OverrideRunbookWithUnknownAction_ExitsWith78NamingFileStepAndField()
    {
        using var folder = new TempFolder();
        var runbooks = Path.Combine(folder.Path, "runbooks");
        Directory.CreateDirectory(runbooks);
        var bad = Path.Combine(runbooks, "custom.yaml");
        await File.WriteAllTextAsync(bad, """
            id: custom-check
            kind: custom
            steps:
              - id: poke
                action: nope.not-an-action
            """);

        await using var service = ServiceProcess.Start([], new Dictionary<string, string?> { ["DrService__Runbooks__Directory"] = runbooks });
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(78, exitCode);
        Assert.Contains(bad, service.Output, StringComparison.Ordinal);
        Assert.Contains("step 'poke'", service.Output, StringComparison.Ordinal);
        Assert.Contains("nope.not-an-action", service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_BuiltInsPlanAndStarts_RefusesUnconfirmedAndSecondConcurrentFailover()
    {
        await using var moto = await MotoServer.StartAsync();
        using var data = new TempFolder();
        var environment = new Dictionary<string, string?>
        {
            ["DrService__Aws__ServiceUrl"] = moto.Endpoint.ToString(),
            ["DrService__Storage__DataDirectory"] = data.Path,
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        };
        MotoServer.AddQuirks(environment);
        await using var service = ServiceProcess.Start([], environment);
        await service.WaitUntilListeningAsync();
        var token = await ApiClients.CreateTokenWithCliAsync("runbooks-test", "operator", [],
            environment.ToDictionary(e => e.Key, e => e.Value ?? ""));
        var http = service.Http.Authorize(token);

        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/runbooks");
        var ids = list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("tier-a-failover", ids);
        Assert.Contains("tier-b-failback", ids);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/v1/runbooks/none", UriKind.Relative))).StatusCode);

        var plan = await http.PostAsJsonAsync("/api/v1/runbooks/tier-a-failover/plan", new { application = "orders", mode = "Production" });
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var planned = await plan.Content.ReadFromJsonAsync<JsonElement>();
        var steps = planned.GetProperty("steps").EnumerateArray().ToList();
        // promote-db fans out over the replicas (promote-db:orders-db-dr): match it by its template.
        var promote = steps.Single(s => s.GetProperty("template").GetString() == "promote-db");
        Assert.False(promote.GetProperty("skipped").GetBoolean());
        Assert.Contains(promote.GetProperty("calls").EnumerateArray(), c => c.GetProperty("region").GetString() == "us-west-2");

        var unconfirmed = await http.PostAsJsonAsync("/api/v1/executions", new { runbook = "tier-a-failover", application = "orders", mode = "Production" });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);

        // This moto holds no estate: the inventory finds errors (the replica to promote does not exist), so a start is
        // refused with the problems unless they are accepted.
        var refused = await http.PostAsJsonAsync("/api/v1/executions", new { runbook = "tier-a-failover", application = "orders", mode = "Production", confirm = "orders" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("severity").GetString() == "Error" && p.GetProperty("item").GetString() == "orders-db-dr");

        // The first production failover waits at its approval gate; a second one of the same application is refused.
        var first = await http.PostAsJsonAsync("/api/v1/executions", new { runbook = "tier-a-failover", application = "orders", mode = "Production", confirm = "orders", acceptProblems = true });
        Assert.True(first.StatusCode == HttpStatusCode.Accepted, $"{first.StatusCode}: {await first.Content.ReadAsStringAsync()}\nplan: {planned}");
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var second = await http.PostAsJsonAsync("/api/v1/executions", new { application = "orders", mode = "Production", confirm = "orders", kind = "Failover", acceptProblems = true });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstId, problem.GetProperty("existingExecutionId").GetString());

        await WaitForStepStateAsync(http, firstId!, "approve", "WaitingForApproval");
        // The gate's journal entry comes first, the execution's phase follows on the engine's next pass.
        var waiting = await WaitForPhaseAsync(http, firstId!, "Paused");
        Assert.Equal("Paused", waiting.GetProperty("phase").GetString()); // held at the gate

        var cancel = await http.PostAsJsonAsync($"/api/v1/executions/{firstId}/cancel", new { reason = "test" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var ended = await WaitForPhaseAsync(http, firstId!, "Cancelled");
        Assert.Equal("Cancelled", ended.GetProperty("phase").GetString());

        var journal = await http.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{firstId}/journal?after=0");
        Assert.Contains(journal.GetProperty("items").EnumerateArray(), e => e.GetProperty("kind").GetString() == "CancelRequested");
        var events = await http.GetStringAsync(new Uri($"/api/v1/executions/{firstId}/events", UriKind.Relative));
        Assert.Contains("event: journal", events, StringComparison.Ordinal);
        Assert.EndsWith("event: end\ndata: {\"phase\":\"Cancelled\"}\n\n", events, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForStepStateAsync(HttpClient http, string id, string step, string state)
    {
        for (var i = 0; ; i++)
        {
            var execution = await http.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{id}");
            if (execution.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("id").GetString() == step && s.GetProperty("state").GetString() == state) || i == 300)
            {
                return execution;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> WaitForPhaseAsync(HttpClient http, string id, string phase)
    {
        for (var i = 0; ; i++)
        {
            var execution = await http.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{id}");
            if (execution.GetProperty("phase").GetString() == phase || i == 300)
            {
                return execution;
            }
            await Task.Delay(100);
        }
    }
}
