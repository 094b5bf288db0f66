using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using DrService.Api.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DrService.Tests.Api;

/// <summary>OIDC bearer tokens signed here with a static key the host is given in place of the issuer's discovery document: no network.</summary>
public sealed class OidcTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.test/";
    private const string Audience = "drservice";

    private const string AuthJson = """
        { "Oidc": { "Authority": "https://idp.example.test/", "Audience": "drservice", "RoleClaim": "groups",
          "RoleMap": { "dr-viewers": "viewer", "dr-ops": "operator", "dr-approvers": "approver", "dr-admins": "admin" } } }
        """;

    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "test" };

    private AuthTestHost _host = null!;

    public async Task InitializeAsync() => _host = await AuthTestHost.StartAsync(authJson: AuthJson, configure: b =>
        b.Services.PostConfigure<JwtBearerOptions>(DrAuthSchemes.Oidc, o =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(Key);
            o.Configuration = configuration;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(new[] { "dr-viewers" }, "viewer")]
    [InlineData(new[] { "dr-ops" }, "operator")]
    [InlineData(new[] { "dr-viewers", "dr-admins", "unrelated" }, "admin")]
    [InlineData(new[] { "dr-approvers" }, "approver")]
    public async Task Me_MappedGroups_HighestRoleAndOidcName(string[] groups, string role)
    {
        using var client = Client(Token(groups));

        var me = await client.GetFromJsonAsync<CallerView>("/api/v1/auth/me");

        Assert.Equal(new CallerView("oidc:alice", role), me);
    }

    [Fact]
    public async Task Me_NoMappedGroup_Forbidden()
    {
        using var client = Client(Token(["everyone"]));

        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OperatorEndpoint_ViewerGroup_Forbidden_OpsGroup_Allowed()
    {
        using var viewer = Client(Token(["dr-viewers"]));
        using var ops = Client(Token(["dr-ops"]));

        using var denied = await viewer.DeleteAsync(new Uri("/api/v1/sandbox/faults", UriKind.Relative));
        using var allowed = await ops.DeleteAsync(new Uri("/api/v1/sandbox/faults", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-key")]
    [InlineData("expired")]
    public async Task Me_InvalidToken_Unauthorized(string flaw)
    {
        var token = flaw switch
        {
            "wrong-audience" => Token(["dr-admins"], audience: "someone-else"),
            "wrong-issuer" => Token(["dr-admins"], issuer: "https://evil.example.test/"),
            "wrong-key" => Token(["dr-admins"], key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "test" }),
            _ => Token(["dr-admins"], expires: DateTime.UtcNow.AddHours(-1)),
        };
        using var client = Client(token);

        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void RoleOf_UnmappedOrInvalidRoleNames_Ignored()
    {
        var map = new Dictionary<string, string> { ["a"] = "operator", ["b"] = "root" };

        Assert.Equal(DrRole.Operator, OidcRoleMapper.RoleOf(["b", "a", "c"], map));
        Assert.Null(OidcRoleMapper.RoleOf(["b", "c"], map));
    }

    private HttpClient Client(string jwt) => AuthTestHost.Anonymous(_host, jwt);

    private static string Token(string[] groups, string audience = Audience, string issuer = Issuer, SecurityKey? key = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "u-123", ["preferred_username"] = "alice", ["groups"] = groups },
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
