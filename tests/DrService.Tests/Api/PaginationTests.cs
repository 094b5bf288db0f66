using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DrService.Api;
using DrService.Api.Auth;
using DrService.Scheduling;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Api;

public sealed class PaginationTests : IAsyncLifetime
{
    public static readonly TheoryData<string> ListEndpoints =
    [
        "/api/v1/jobs/runs", "/api/v1/backups", "/api/v1/backups/orders/rpo-history", "/api/v1/alerts", "/api/v1/readiness",
        "/api/v1/witness/orders", "/api/v1/sandbox/faults", "/api/v1/tokens", "/api/v1/audit",
    ];

    private AuthTestHost _host = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await AuthTestHost.StartAsync();
        _admin = await _host.ClientAsync(DrRole.Admin, "pager");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(ListEndpoints))]
    public async Task List_BadLimitOrCursor_BadRequestNamingTheParameter(string path)
    {
        foreach (var (query, parameter) in new[] { ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"), ("cursor=%21%21", "cursor"), ("cursor=" + Paging.Encode("x.y"), "cursor") })
        {
            using var response = await _admin.GetAsync(new Uri($"{path}?{query}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}?{query}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(parameter, JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(ListEndpoints))]
    public async Task List_Default_PageShape(string path)
    {
        var page = await _admin.GetFromJsonAsync<JsonElement>(path);
        var list = path.StartsWith("/api/v1/witness", StringComparison.Ordinal) ? page.GetProperty("history") : page;

        Assert.Equal(JsonValueKind.Array, list.GetProperty("items").ValueKind);
        Assert.True(list.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task Audit_CursorWalk_ReturnsEachRecordOnceNewestFirst()
    {
        for (var i = 0; i < 7; i++)
        {
            await _host.Tokens.CreateAsync($"walk-{i}", DrRole.Viewer, null, "walker", CancellationToken.None);
        }

        var seen = await WalkAsync<AuditView>("/api/v1/audit?actor=walker&limit=3");

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Select(a => a.Id).OrderDescending(), seen.Select(a => a.Id));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"walk-{i}").Reverse(), seen.Select(a => a.Target));
    }

    [Fact]
    public async Task Tokens_CursorWalk_ReturnsEachTokenOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            await _host.Tokens.CreateAsync($"t-{i}", DrRole.Viewer, null, "test", CancellationToken.None);
        }

        var seen = await WalkAsync<ApiTokenView>("/api/v1/tokens?limit=2");

        Assert.Equal(["pager", "t-0", "t-1", "t-2", "t-3", "t-4"], seen.Select(t => t.Name));
    }

    [Fact]
    public async Task JobRuns_CursorWalkWithEqualTimes_ReturnsEachRunOnce()
    {
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync())
        {
            for (var i = 0; i < 8; i++)
            {
                db.JobRuns.Add(new JobRunRecord { Key = $"walk-{i}", Job = "walk", Instance = "test", ScheduledAt = at.AddMinutes(i / 3) });
            }
            await db.SaveChangesAsync();
        }

        var seen = await WalkAsync<RunView>("/api/v1/jobs/runs?job=walk&limit=3");

        Assert.Equal(8, seen.Select(r => r.Key).Distinct().Count());
        Assert.Equal(8, seen.Count);
        Assert.Equal(seen.Select(r => r.ScheduledAt).OrderDescending(), seen.Select(r => r.ScheduledAt));
    }

    private async Task<List<T>> WalkAsync<T>(string first)
    {
        var all = new List<T>();
        var url = first;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await _admin.GetFromJsonAsync<Page<T>>(url);
            Assert.NotNull(page);
            all.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                return all;
            }
            url = $"{first}&cursor={Uri.EscapeDataString(page.NextCursor)}";
        }
        Assert.Fail("the walk did not end");
        return all;
    }
}
