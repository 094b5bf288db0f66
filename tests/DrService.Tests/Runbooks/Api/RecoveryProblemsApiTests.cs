using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DrService.Api.Auth;
using DrService.Tests.Api;

namespace DrService.Tests.Runbooks.Api;

/// <summary>
/// Issue 11 through the real HTTP API: an application whose recovery inventory has errors (here: the AWS endpoint
/// answers nothing, so neither the source nor the DR copies can be read) has them listed by the plan, and a start
/// answers 422 with the same list unless it says acceptProblems.
/// </summary>
public sealed class RecoveryProblemsApiTests : IAsyncLifetime
{
    private AuthTestHost _host = null!;

    public async Task InitializeAsync() => _host = await AuthTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task StartDrill_InventoryWithErrors_422WithThePlansProblems_AcceptedStartsAndBothAreAudited()
    {
        using var operatorClient = await _host.ClientAsync(DrRole.Operator);

        using var planned = await operatorClient.PostAsJsonAsync("/api/v1/plan", new { application = "orders", mode = "Drill" });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var plan = await planned.Content.ReadFromJsonAsync<JsonElement>();
        var problems = plan.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("severity").GetString() == "Error" && p.GetProperty("configKey").GetString()!.StartsWith("DrService:Applications:orders", StringComparison.Ordinal));

        using var refused = await operatorClient.PostAsJsonAsync("/api/v1/drills", new { application = "orders" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            problems.Select(p => p.GetProperty("message").GetString()),
            body.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()));

        using var accepted = await operatorClient.PostAsJsonAsync("/api/v1/drills", new { application = "orders", acceptProblems = true });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        using var audit = await operatorClient.GetFromJsonAsync<JsonDocument>("/api/v1/audit?limit=100");
        var actions = audit!.RootElement.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("result").GetString())).ToList();
        Assert.Contains(("drill.refused", "denied"), actions);
        Assert.Contains(("drill.started", "succeeded"), actions);
    }
}
