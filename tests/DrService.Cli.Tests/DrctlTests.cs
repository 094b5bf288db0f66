using System.Net;
using System.Text.Json;

namespace DrService.Cli.Tests;

public sealed class DrctlTests
{
    private const string Readiness = """
        {"items":[{"application":"orders","verdict":"NotReady","estimatedDataLossSeconds":7200,"reasons":[],"inputs":{"tier":"A","rpoSeconds":900,"witness":"Healthy"}}],"nextCursor":"c2"}
        """;

    private const string ReadinessPage2 = """
        {"items":[{"application":"catalog","verdict":"Ready","estimatedDataLossSeconds":60,"reasons":[],"inputs":{"tier":"B","rpoSeconds":3600,"witness":"Healthy"}}],"nextCursor":null}
        """;

    [Fact]
    public async Task Status_FollowsEveryPage_AndExitsNotReadyWhenOneApplicationIsNotReady()
    {
        var api = new ScriptedApi()
            .On(HttpMethod.Get, "/api/v1/readiness?limit=500", HttpStatusCode.OK, Readiness)
            .On(HttpMethod.Get, "/api/v1/readiness?limit=500&cursor=c2", HttpStatusCode.OK, ReadinessPage2);

        var (exit, output, _) = await Run.DrctlAsync(api, "status", "--output", "json", "--token", "drs_x");

        Assert.Equal(ExitCodes.NotReady, exit);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(r => r.GetProperty("application").GetString()).ToList();
        Assert.Equal(["orders", "catalog"], rows);
        Assert.All(api.Requests, r => Assert.Equal("Bearer drs_x", r.Authorization));
    }

    [Fact]
    public async Task Status_Table_ShowsDurationsAndVerdicts()
    {
        var api = new ScriptedApi()
            .On(HttpMethod.Get, "/api/v1/readiness?limit=500", HttpStatusCode.OK, """{"items":[{"application":"catalog","verdict":"Ready","estimatedDataLossSeconds":3720,"inputs":{"tier":"B","rpoSeconds":3600}}],"nextCursor":null}""");

        var (exit, output, _) = await Run.DrctlAsync(api, "status");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("catalog", output, StringComparison.Ordinal);
        Assert.Contains("Ready", output, StringComparison.Ordinal);
        Assert.Contains("1h 02m", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ExitCodes.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, ExitCodes.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.Conflict, ExitCodes.Conflict)]
    [InlineData(HttpStatusCode.BadRequest, ExitCodes.Usage)]
    [InlineData(HttpStatusCode.InternalServerError, ExitCodes.Error)]
    public async Task HttpFailures_MapToMeaningfulExitCodes_WithTheProblemDetailsOnStderr(HttpStatusCode status, int expected)
    {
        var api = new ScriptedApi().On(HttpMethod.Post, "/api/v1/drills", status, """{"title":"Refused","detail":"because of a test"}""");

        var (exit, _, error) = await Run.DrctlAsync(api, "drill", "start", "orders");

        Assert.Equal(expected, exit);
        Assert.Contains("Refused: because of a test", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "drctl sent no API token: set DRCTL_TOKEN")]
    [InlineData(true, "The API token was refused")]
    public async Task Unauthorized_SaysWhatToDoInDrctlTerms(bool withToken, string expected)
    {
        var api = new ScriptedApi().On(HttpMethod.Get, "/api/v1/readiness?limit=500", HttpStatusCode.Unauthorized,
            """{"title":"Sign-in required","detail":"Send 'Authorization: Bearer <API token>' or sign in at /signin."}""");

        var (exit, _, error) = withToken ? await Run.DrctlAsync(api, "status", "--token", "drs_bad") : await Run.DrctlAsync(api, "status");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_WithoutConfirmation_IsRefusedBeforeAnyCall()
    {
        var api = new ScriptedApi();

        var (exit, _, error) = await Run.DrctlAsync(api, "failover", "start", "orders", "--confirm", "order");

        Assert.Equal(ExitCodes.NotConfirmed, exit);
        Assert.Empty(api.Requests);
        Assert.Contains("--confirm orders", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_Confirmed_PostsAProductionExecutionWithTheConfirmation()
    {
        var api = new ScriptedApi().On(HttpMethod.Post, "/api/v1/executions", HttpStatusCode.Accepted, """{"id":"ex-1","phase":"Pending"}""");

        var (exit, output, _) = await Run.DrctlAsync(api, "failover", "start", "orders", "--confirm", "orders");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("ex-1", output, StringComparison.Ordinal);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal("Production", body.GetProperty("mode").GetString());
        Assert.Equal("orders", body.GetProperty("confirm").GetString());
        Assert.Equal("Failover", body.GetProperty("kind").GetString());
    }

    private const string RecoveryProblems = """
        {"type":"https://tools.ietf.org/html/rfc4918#section-11.2","title":"Recovery problems","status":422,"detail":"catalog has 1 recovery problem(s).",
         "problems":[
           {"severity":"Error","application":"catalog","item":"catalog-db","configKey":"DrService:Applications:catalog:Backup","message":"no available snapshot copy in us-west-2"},
           {"severity":"Warning","application":"catalog","item":null,"configKey":"DrService:Applications:catalog:Recovery:SmokeTestUrl","message":"no smoke test: RTO is measured to infrastructure ready"}]}
        """;

    [Theory]
    [InlineData("drill", "start", "catalog")]
    [InlineData("failover", "start", "catalog", "--confirm", "catalog")]
    [InlineData("failback", "start", "catalog", "--confirm", "catalog")]
    public async Task Start_RefusedWithRecoveryProblems_PrintsEachProblemOnItsOwnLineAndExitsRecoveryProblems(params string[] args)
    {
        var api = new ScriptedApi()
            .On(HttpMethod.Post, "/api/v1/drills", (HttpStatusCode)422, RecoveryProblems)
            .On(HttpMethod.Post, "/api/v1/executions", (HttpStatusCode)422, RecoveryProblems);

        var (exit, _, error) = await Run.DrctlAsync(api, args);

        Assert.Equal(ExitCodes.RecoveryProblems, exit);
        var lines = error.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("ERROR   catalog-db: no available snapshot copy in us-west-2 (set DrService:Applications:catalog:Backup)", lines);
        Assert.Contains("WARNING catalog: no smoke test: RTO is measured to infrastructure ready (set DrService:Applications:catalog:Recovery:SmokeTestUrl)", lines);
        Assert.Contains("--accept-problems", error, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(api.Requests.Single().Body!).RootElement.GetProperty("acceptProblems").GetBoolean());
    }

    [Fact]
    public async Task UnprocessableWithoutProblems_IsStillAUsageError()
    {
        var api = new ScriptedApi().On(HttpMethod.Post, "/api/v1/drills", (HttpStatusCode)422, """{"title":"Invalid","detail":"no such mode"}""");

        var (exit, _, error) = await Run.DrctlAsync(api, "drill", "start", "catalog");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Invalid: no such mode", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/drills", "drill", "start", "catalog", "--accept-problems")]
    [InlineData("/api/v1/executions", "failover", "start", "catalog", "--confirm", "catalog", "--accept-problems")]
    [InlineData("/api/v1/executions", "failback", "start", "catalog", "--confirm", "catalog", "--accept-problems")]
    public async Task Start_WithAcceptProblems_PostsAcceptProblemsTrue(string path, params string[] args)
    {
        var api = new ScriptedApi().On(HttpMethod.Post, path, HttpStatusCode.Accepted, """{"id":"ex-2","phase":"Pending"}""");

        var (exit, output, _) = await Run.DrctlAsync(api, args);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("ex-2", output, StringComparison.Ordinal);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.True(body.GetProperty("acceptProblems").GetBoolean());
        Assert.Equal("catalog", body.GetProperty("application").GetString());
    }

    [Fact]
    public async Task Plan_ShowsTheInventoryItemByItem_AndTheProblems()
    {
        var api = new ScriptedApi().On(HttpMethod.Post, "/api/v1/plan", HttpStatusCode.OK, """
            {"runbook":"tier-b-failover","application":"catalog","mode":"Drill","waves":[],
             "steps":[{"id":"restore-db:catalog-db","action":"rds.restore-from-copy","calls":[]}],
             "inventory":[
               {"kind":"databases","id":"catalog-db","copy":null,"recoveryPoint":null,"source":"source"},
               {"kind":"instances","id":"i-0abc","copy":"ami-0copy","recoveryPoint":"2026-12-04T10:00:00Z","source":"source"}],
             "problems":[{"severity":"Error","application":"catalog","item":"catalog-db","configKey":"DrService:Applications:catalog:Backup","message":"no available snapshot copy"}]}
            """);

        var (exit, output, _) = await Run.DrctlAsync(api, "plan", "catalog");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("databases/catalog-db  no copy", output, StringComparison.Ordinal);
        Assert.Contains("instances/i-0abc  ami-0copy", output, StringComparison.Ordinal);
        Assert.True(output.Contains("ERROR   catalog-db: no available snapshot copy", StringComparison.Ordinal), output);
        Assert.Contains("set DrService:Applications:catalog:Backup", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillWatch_PollsUntilTheEnd_AndTheExitCodeSaysHowItEnded()
    {
        var polls = 0;
        var api = new ScriptedApi().On(HttpMethod.Get, "/api/v1/executions/d-1", _ =>
        {
            polls++;
            var phase = polls < 3 ? "Running" : "Failed";
            return (HttpStatusCode.OK, $$"""{"id":"d-1","phase":"{{phase}}","progress":{"done":1,"total":2},"steps":[{"id":"restore","state":"{{(polls < 3 ? "Running" : "Failed")}}","error":"InvalidParameter"}]}""");
        });

        var (exit, output, _) = await Run.DrctlAsync(api, "drill", "watch", "d-1", "--interval", "0.05");

        Assert.Equal(ExitCodes.RunFailed, exit);
        Assert.Equal(3, polls);
        Assert.Contains("restore", output, StringComparison.Ordinal);
        Assert.Contains("InvalidParameter", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillReport_ListsEveryRecoveredItem_AndWhatTheRtoWasMeasuredTo()
    {
        var api = new ScriptedApi().On(HttpMethod.Get, "/api/v1/drills/ex-9/report", HttpStatusCode.OK, """
            {"executionId":"ex-9","application":"catalog","runbook":"tier-b-failover","phase":"Succeeded","rtoSeconds":95,"rtoTargetSeconds":3600,
             "rtoMet":true,"rtoMeasuredTo":"infrastructure ready","rpoSeconds":700,"rpoTargetSeconds":3600,"rpoMet":true,"cleanup":{"state":"Succeeded"},
             "items":[
               {"kind":"databases","source":"catalog-db-1","state":"Succeeded","recovered":"catalog-db-1-ex9","copy":"drs-catalog-db-1-a","recoveryPoint":"2026-12-04T10:00:00Z","durationSeconds":61},
               {"kind":"databases","source":"catalog-db-2","state":"Succeeded","recovered":"catalog-db-2-ex9","copy":"drs-catalog-db-2-a","recoveryPoint":"2026-12-04T09:50:00Z","durationSeconds":64}],
             "steps":[{"id":"restore-db:catalog-db-1","state":"Succeeded","durationSeconds":3,"attempts":1}]}
            """);

        var (exit, output, _) = await Run.DrctlAsync(api, "drill", "report", "ex-9");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("infrastructure ready", output, StringComparison.Ordinal);
        Assert.True(output.Contains("catalog-db-1-ex9", StringComparison.Ordinal), output);
        Assert.Contains("catalog-db-2-ex9", output, StringComparison.Ordinal);
        Assert.Contains("drs-catalog-db-2-a", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_WithoutReason_IsAUsageError()
    {
        var (exit, _, error) = await Run.DrctlAsync(new ScriptedApi(), "reject", "ex-1", "approve");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--reason", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var (exit, _, _) = await Run.DrctlAsync(new ScriptedApi(), "frobnicate");

        Assert.Equal(ExitCodes.Usage, exit);
    }

    [Fact]
    public void Endpoint_FlagBeatsEnvironmentBeatsConfigFile()
    {
        var folder = Directory.CreateTempSubdirectory("drctl-");
        try
        {
            var file = Path.Combine(folder.FullName, "config.json");
            File.WriteAllText(file, """{"server":"http://file:1","token":"file-token"}""");
            var environment = new Dictionary<string, string?> { ["DRCTL_CONFIG"] = file, ["DRCTL_TOKEN"] = "env-token" };

            var fromFile = CliEndpoint.Resolve(null, null, n => environment.GetValueOrDefault(n));
            var fromFlag = CliEndpoint.Resolve("http://flag:2", "flag-token", n => environment.GetValueOrDefault(n));

            Assert.Equal(new Uri("http://file:1"), fromFile.Server);
            Assert.Equal("env-token", fromFile.Token);
            Assert.Equal(new Uri("http://flag:2"), fromFlag.Server);
            Assert.Equal("flag-token", fromFlag.Token);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Endpoint_DefaultsToTheLocalService_AndRefusesANonHttpUrl()
    {
        Assert.Equal(new Uri(CliEndpoint.DefaultServer), CliEndpoint.Resolve(null, null, _ => null).Server);
        var ex = Assert.Throws<DrctlException>(() => CliEndpoint.Resolve("ftp://x", null, _ => null));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Theory]
    [InlineData(42, "42s")]
    [InlineData(125, "2m 05s")]
    [InlineData(3720, "1h 02m")]
    [InlineData(90000, "1d 01h")]
    public void Durations_ReadLikeAnSreWouldWriteThem(double seconds, string expected) =>
        Assert.Equal(expected, Output.Duration(seconds));
}
