using System.Net.Http.Json;
using DrService.Api.Auth;

namespace DrService.Tests.Api;

public sealed class TokenLoggingTests
{
    [Fact]
    public async Task Requests_WithTokens_NeverLogTheSecret()
    {
        await using var host = await AuthTestHost.StartAsync();
        var good = (await host.Tokens.CreateAsync("logged", DrRole.Admin, null, "test", CancellationToken.None)).Token;
        var forged = good[..17] + new string('A', 43);
        using (var client = AuthTestHost.Anonymous(host, good))
        {
            (await client.GetAsync(new Uri("/api/v1/readiness", UriKind.Relative))).Dispose();
            (await client.PostAsJsonAsync("/api/v1/tokens", new { name = "other", role = "viewer" })).Dispose();
        }
        using (var client = AuthTestHost.Anonymous(host, forged))
        {
            (await client.GetAsync(new Uri("/api/v1/readiness", UriKind.Relative))).Dispose();
        }
        using (var browser = host.Browser())
        {
            (await browser.PostAsJsonAsync("/auth/signin", new { token = good })).Dispose();
            (await browser.PostAsJsonAsync("/auth/signin", new { token = forged })).Dispose();
        }

        var logs = host.Logs.Lines.ToList();
        Assert.Contains(logs, l => l.Contains("/api/v1/readiness", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("API token rejected (id " + good[4..16], StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(good[17..], StringComparison.Ordinal) || l.Contains(forged[17..], StringComparison.Ordinal));
    }
}
