using System.Net;
using System.Net.Http.Json;
using DrService.Api.Auth;

namespace DrService.Tests.Api;

public sealed class CookieSignInTests
{
    private const string FaultBody = """{"region":"us-east-1","service":"*","dark":true}""";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_ValidToken_SetsAStrictHttpOnlyCookieThatAuthenticates(bool json)
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.Tokens.CreateAsync("dash", DrRole.Operator, null, "test", CancellationToken.None)).Token;
        using var browser = host.Browser();

        using var signIn = json
            ? await browser.PostAsJsonAsync("/auth/signin", new { token })
            : await browser.PostAsync(new Uri("/auth/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("drs.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token[17..], cookie, StringComparison.Ordinal);
        Assert.Equal(new CallerView("dash", "operator"), await browser.GetFromJsonAsync<CallerView>("/api/v1/auth/me"));
    }

    [Fact]
    public async Task CookieMutatingCall_WithoutAntiforgeryHeader_BadRequest_WithHeader_Ok()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.Tokens.CreateAsync("dash", DrRole.Operator, null, "test", CancellationToken.None)).Token;
        using var browser = host.Browser();
        (await browser.PostAsJsonAsync("/auth/signin", new { token })).Dispose();

        using var missing = await PostFaultAsync(browser, null);
        var antiforgery = await browser.GetFromJsonAsync<AntiforgeryToken>("/api/v1/auth/antiforgery");
        using var wrong = await PostFaultAsync(browser, "not-the-token");
        using var ok = await PostFaultAsync(browser, antiforgery!.Token);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("X-CSRF-TOKEN", antiforgery.HeaderName);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task BearerMutatingCall_WithoutAntiforgeryHeader_Ok()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var client = await host.ClientAsync(DrRole.Operator);

        using var response = await PostFaultAsync(client, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithAntiforgery_EndsTheSession()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.Tokens.CreateAsync("dash", DrRole.Viewer, null, "test", CancellationToken.None)).Token;
        using var browser = host.Browser();
        (await browser.PostAsJsonAsync("/auth/signin", new { token })).Dispose();
        var antiforgery = await browser.GetFromJsonAsync<AntiforgeryToken>("/api/v1/auth/antiforgery");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/signout");
        request.Headers.Add(antiforgery!.HeaderName, antiforgery.Token);
        using var signOut = await browser.SendAsync(request);
        using var after = await browser.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Cookie_TokenRevokedAfterSignIn_Unauthorized()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = (await host.Tokens.CreateAsync("dash", DrRole.Viewer, null, "test", CancellationToken.None)).Token;
        using var browser = host.Browser();
        (await browser.PostAsJsonAsync("/auth/signin", new { token })).Dispose();
        using var before = await browser.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        await host.Tokens.RevokeAsync("dash", "test", CancellationToken.None);
        using var after = await browser.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("""{"token":"drs_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", HttpStatusCode.Unauthorized)]
    [InlineData("""{"token":""}""", HttpStatusCode.BadRequest)]
    [InlineData("""not json""", HttpStatusCode.BadRequest)]
    public async Task SignIn_BadToken_RefusedWithoutCookie(string body, HttpStatusCode status)
    {
        await using var host = await AuthTestHost.StartAsync();
        using var browser = host.Browser();

        using var response = await browser.PostAsync(new Uri("/auth/signin", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignInPage_Anonymous_ServesTheForm()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var anonymous = host.Anonymous();

        var page = await anonymous.GetStringAsync(new Uri("/signin", UriKind.Relative));

        Assert.Contains("action=\"/auth/signin\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"token\"", page, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostFaultAsync(HttpClient client, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sandbox/faults") { Content = new StringContent(FaultBody, System.Text.Encoding.UTF8, "application/json") };
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-TOKEN", csrf);
        }
        return client.SendAsync(request);
    }
}
