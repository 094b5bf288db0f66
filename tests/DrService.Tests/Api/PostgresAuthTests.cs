using System.Net;
using System.Net.Http.Json;
using DrService.Api;
using DrService.Api.Auth;
using DrService.Testing;

namespace DrService.Tests.Api;

/// <summary>The token table and the audit endpoint on PostgreSQL (the clustered deployment's store).</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresAuthTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Tokens_OnPostgres_CreateUseRevokeAndAuditWalk()
    {
        await using var host = await AuthTestHost.StartAsync(postgresConnectionString: await postgres.Server.CreateDatabaseAsync());
        using var admin = await host.ClientAsync(DrRole.Admin, "pg-admin");
        for (var i = 0; i < 3; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/tokens", new { name = $"pg-{i}", role = "viewer", expires = "1d" })).Dispose();
        }

        var first = await admin.GetFromJsonAsync<Page<AuditView>>("/api/v1/audit?actor=pg-admin&limit=2");
        var second = await admin.GetFromJsonAsync<Page<AuditView>>($"/api/v1/audit?actor=pg-admin&limit=2&cursor={first!.NextCursor}");
        using var revoke = await admin.DeleteAsync(new Uri("/api/v1/tokens/pg-admin", UriKind.Relative));
        using var after = await admin.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(["pg-2", "pg-1"], first.Items.Select(a => a.Target));
        Assert.Equal(["pg-0"], second!.Items.Select(a => a.Target));
        Assert.Null(second.NextCursor);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
