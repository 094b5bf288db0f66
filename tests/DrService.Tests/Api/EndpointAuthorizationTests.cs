using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DrService.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Api;

/// <summary>
/// Every endpoint the host maps, read from its EndpointDataSource (so a new endpoint is covered the day it is
/// mapped): anonymous callers get 401 except on the allow-list; a role just below the required one gets 403; the
/// required role gets past authorization.
/// </summary>
public sealed partial class EndpointAuthorizationTests : IAsyncLifetime
{
    /// <summary>The only endpoints open to anonymous callers; anything else anonymous is a finding.</summary>
    private static readonly string[] AllowList =
    [
        "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi/{documentName}.json", "GET /signin", "POST /auth/signin",
        "GET /sandbox/endpoints/{application}/{role}/health",
        // The dashboard's page shells and assets hold no data: every figure they show comes from /api/v1, which needs sign-in.
        "GET /", "GET /start", "GET /apps/{application}", "GET /executions/{id}", "GET /ui/{**path}",
    ];

    /// <summary>Mutating endpoints and the role each needs at least.</summary>
    private static readonly Dictionary<string, DrRole> Expected = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/backups/{application}/run"] = DrRole.Operator,
        ["POST /api/v1/dns/{application}/apply"] = DrRole.Operator,
        ["POST /api/v1/sandbox/faults/"] = DrRole.Operator,
        ["DELETE /api/v1/sandbox/faults/"] = DrRole.Operator,
        ["POST /api/v1/tokens/"] = DrRole.Admin,
        ["GET /api/v1/tokens/"] = DrRole.Admin,
        ["DELETE /api/v1/tokens/{name}"] = DrRole.Admin,
        ["GET /api/v1/audit/"] = DrRole.Operator,
        ["POST /auth/signout"] = DrRole.Viewer,
        // Runbooks: a dry run is for those who may start one; a decision at an approval gate needs an approver.
        ["POST /api/v1/plan"] = DrRole.Operator,
        ["POST /api/v1/runbooks/{id}/plan"] = DrRole.Operator,
        ["POST /api/v1/executions/"] = DrRole.Operator,
        ["POST /api/v1/executions/{id}/cancel"] = DrRole.Operator,
        ["POST /api/v1/executions/{id}/steps/{step}/approve"] = DrRole.Approver,
        ["POST /api/v1/executions/{id}/steps/{step}/reject"] = DrRole.Approver,
        ["POST /api/v1/drills/"] = DrRole.Operator,
    };

    private AuthTestHost _host = null!;

    public async Task InitializeAsync() => _host = await AuthTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EveryEndpoint_Anonymous_UnauthorizedExceptAllowList()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count > 20, $"only {endpoints.Count} endpoints found");
        using var anonymous = _host.Anonymous();
        var findings = new List<string>();
        foreach (var e in endpoints)
        {
            using var response = await SendAsync(anonymous, e);
            var anonymousAllowed = AllowList.Contains(e.Name);
            Assert.Equal(anonymousAllowed, e.RequiredRole is null);
            if (anonymousAllowed ? response.StatusCode == HttpStatusCode.Unauthorized : response.StatusCode != HttpStatusCode.Unauthorized)
            {
                findings.Add($"{e.Name}: anonymous got {(int)response.StatusCode}");
            }
            else if (!anonymousAllowed && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                findings.Add($"{e.Name}: 401 without problem details");
            }
        }
        Assert.Empty(findings);
    }

    [Fact]
    public async Task EveryEndpoint_RoleBelowRequired_ForbiddenAndRequiredRolePasses()
    {
        var clients = new Dictionary<DrRole, HttpClient>();
        foreach (var role in DrRoles.All)
        {
            clients[role] = await _host.ClientAsync(role);
        }
        var findings = new List<string>();
        foreach (var e in Endpoints().Where(e => e.RequiredRole is not null && !e.Name.StartsWith("POST /auth/signout", StringComparison.Ordinal)))
        {
            var required = e.RequiredRole!.Value;
            if (required > DrRole.Viewer)
            {
                using var below = await SendAsync(clients[required - 1], e);
                if (below.StatusCode != HttpStatusCode.Forbidden)
                {
                    findings.Add($"{e.Name}: {required - 1} got {(int)below.StatusCode}, expected 403");
                }
            }
            using var allowed = await SendAsync(clients[required], e);
            if (allowed.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                findings.Add($"{e.Name}: {required} got {(int)allowed.StatusCode}");
            }
        }
        Assert.Empty(findings);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public void MutatingEndpoints_RequireTheirRole_AndNoneUnderOperatorButSignOut()
    {
        var endpoints = Endpoints().ToDictionary(e => e.Name);
        foreach (var (name, role) in Expected)
        {
            Assert.True(endpoints.ContainsKey(name), $"{name} is not mapped");
            Assert.Equal(role, endpoints[name].RequiredRole);
        }
        var weak = endpoints.Values.Where(e => e.Mutating && e.RequiredRole is < DrRole.Operator && e.Name != "POST /auth/signout").Select(e => e.Name);
        Assert.Empty(weak);
    }

    private sealed record EndpointCase(string Name, string Method, string Path, DrRole? RequiredRole)
    {
        public bool Mutating => Method is "POST" or "PUT" or "PATCH" or "DELETE";
    }

    private List<EndpointCase> Endpoints()
    {
        var source = _host.Services.GetRequiredService<EndpointDataSource>();
        var cases = new List<EndpointCase>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            pattern = "/" + pattern.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            DrRole? role = DrRole.Viewer;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                role = null;
            }
            else
            {
                foreach (var policy in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
                {
                    role = DrRoles.TryParse(policy, out var r) && r > role ? r : role;
                }
            }
            foreach (var method in methods)
            {
                cases.Add(new EndpointCase($"{method} {pattern}", method, Fill(pattern), role));
            }
        }
        return cases;
    }

    private static string Fill(string pattern) => Parameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "application" => "orders",
        "role" => "primary",
        "documentName" => "v1",
        _ => "none",
    });

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, EndpointCase e)
    {
        var request = new HttpRequestMessage(new HttpMethod(e.Method), new Uri(e.Path, UriKind.Relative));
        if (e.Mutating)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }

    [GeneratedRegex(@"\{\*?([A-Za-z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
