using System.Net;
using System.Net.Http.Json;
using DrService.Api.Auth;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Api;

public sealed class TokenLifecycleTests
{
    [Fact]
    public async Task Tokens_CreateListRevokeThroughTheApi_RevokedTokenIsRefusedAndEverythingAudited()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var admin = await host.ClientAsync(DrRole.Admin, "ops-admin");

        using var create = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "ci", role = "operator", expires = "90d" });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<CreatedTokenView>();
        Assert.NotNull(created);
        Assert.StartsWith("drs_", created.Token, StringComparison.Ordinal);
        Assert.Equal(("ci", "operator", "active"), (created.Details.Name, created.Details.Role, created.Details.State));

        using var ci = AuthTestHost.Anonymous(host, created.Token);
        var me = await ci.GetFromJsonAsync<CallerView>("/api/v1/auth/me");
        Assert.Equal(new CallerView("ci", "operator"), me);

        var listed = await admin.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative));
        Assert.Contains("\"name\":\"ci\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Token, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Token[17..], listed, StringComparison.Ordinal);

        using var duplicate = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "ci", role = "viewer" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var revoke = await admin.DeleteAsync(new Uri("/api/v1/tokens/ci", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var refused = await ci.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        var audit = await db.Audit.Where(a => a.Target == "ci").OrderBy(a => a.Id).Select(a => new { a.Actor, a.Action }).ToListAsync();
        Assert.Equal([new { Actor = "ops-admin", Action = "token.create" }, new { Actor = "ops-admin", Action = "token.revoke" }], audit);
        var stored = await db.ApiTokens.SingleAsync(t => t.Name == "ci");
        Assert.DoesNotContain(created.Token[17..], stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(ApiTokenFormat.Hash(created.Token), stored.SecretHash);
    }

    [Theory]
    [InlineData("""{"name":"bad name","role":"viewer"}""", "name")]
    [InlineData("""{"name":"cli:root","role":"viewer"}""", "name")]
    [InlineData("""{"name":"ok","role":"root"}""", "role")]
    [InlineData("""{"name":"ok","role":"viewer","expires":"soon"}""", "expires")]
    public async Task Create_InvalidRequest_BadRequestNamingTheField(string body, string field)
    {
        await using var host = await AuthTestHost.StartAsync();
        using var admin = await host.ClientAsync(DrRole.Admin);

        using var response = await admin.PostAsync(new Uri("/api/v1/tokens", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{field}:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PastItsExpiry_Unauthorized()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await AuthTestHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var created = await host.Tokens.CreateAsync("short", DrRole.Viewer, TimeSpan.FromHours(1), "test", CancellationToken.None);
        using var client = AuthTestHost.Anonymous(host, created.Token);

        using var before = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        clock.Advance(TimeSpan.FromMinutes(61));
        using var after = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var listed = Assert.Single(await host.Tokens.ListAsync(CancellationToken.None));
        Assert.Equal(("expired", clock.GetUtcNow() - TimeSpan.FromMinutes(61)), (listed.State, listed.LastUsedAt));
    }

    [Theory]
    [InlineData("drs_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("")]
    public async Task Bearer_UnknownOrMalformed_Unauthorized(string token)
    {
        await using var host = await AuthTestHost.StartAsync();
        using var client = host.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);

        using var response = await client.GetAsync(new Uri("/api/v1/readiness", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_WrongSecretForAKnownId_Unauthorized()
    {
        await using var host = await AuthTestHost.StartAsync();
        var created = await host.Tokens.CreateAsync("real", DrRole.Admin, null, "test", CancellationToken.None);
        var forged = created.Token[..^4] + (created.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var client = AuthTestHost.Anonymous(host, forged);

        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Cli_CreateListRevoke_PrintsTheTokenOnceAndAuditsTheOsUser()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var createExit = await TokensCommand.RunAsync("create", new Dictionary<string, string> { ["name"] = "ci", ["role"] = "operator", ["expires"] = "90d" }, host.Services, output, error, CancellationToken.None);
        var token = output.ToString().Trim();
        using var client = AuthTestHost.Anonymous(host, token);
        var me = await client.GetFromJsonAsync<CallerView>("/api/v1/auth/me");
        output.GetStringBuilder().Clear();
        var listExit = await TokensCommand.RunAsync("list", new Dictionary<string, string>(), host.Services, output, error, CancellationToken.None);
        var list = output.ToString();
        var revokeExit = await TokensCommand.RunAsync("revoke", new Dictionary<string, string> { ["name"] = "ci" }, host.Services, output, error, CancellationToken.None);
        using var after = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        var usage = await TokensCommand.RunAsync("create", new Dictionary<string, string> { ["name"] = "x", ["role"] = "superuser" }, host.Services, output, error, CancellationToken.None);

        Assert.Equal((0, 0, 0, TokensCommand.UsageExitCode), (createExit, listExit, revokeExit, usage));
        Assert.Equal(new CallerView("ci", "operator"), me);
        Assert.StartsWith("ci\toperator\tactive", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        var actors = await db.Audit.Where(a => a.Target == "ci").Select(a => a.Actor).Distinct().ToListAsync();
        Assert.Equal(["cli:" + Environment.UserName], actors);
    }

    [Theory]
    [InlineData(new[] { "tokens", "create", "--name", "ci", "--role", "operator", "--config", "/x.json" }, "create", "/x.json")]
    [InlineData(new[] { "tokens", "list", "--config=/y.json" }, "list", "/y.json")]
    public void Parse_MixedArguments_SplitsCommandFromServiceArguments(string[] args, string sub, string config)
    {
        var (parsedSub, options, serviceArgs) = TokensCommand.Parse(args);

        Assert.Equal(sub, parsedSub);
        Assert.Contains(config, string.Join(' ', serviceArgs), StringComparison.Ordinal);
        Assert.DoesNotContain("--name", serviceArgs);
        if (sub == "create")
        {
            Assert.Equal(("ci", "operator"), (options["name"], options["role"]));
        }
    }

    [Theory]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    [InlineData("1.00:00:00", 24 * 60)]
    public void TryParseLifetime_Valid_Minutes(string value, int minutes)
    {
        Assert.True(ApiTokenFormat.TryParseLifetime(value, out var lifetime));
        Assert.Equal(TimeSpan.FromMinutes(minutes), lifetime);
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("soon")]
    [InlineData("")]
    public void TryParseLifetime_Invalid_False(string value) => Assert.False(ApiTokenFormat.TryParseLifetime(value, out _));

    [Fact]
    public void Generate_TwoTokens_DifferAndParseToTheirId()
    {
        var (id1, token1) = ApiTokenFormat.Generate();
        var (_, token2) = ApiTokenFormat.Generate();

        Assert.NotEqual(token1, token2);
        Assert.True(ApiTokenFormat.TryParse(token1, out var parsed));
        Assert.Equal(id1, parsed);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token1.AsSpan(17)).Length);
    }
}
