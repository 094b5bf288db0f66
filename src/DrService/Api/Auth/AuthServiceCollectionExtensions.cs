using DrService.Configuration;
using DrService.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace DrService.Api.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// API tokens, the dashboard cookie, OIDC bearer tokens (when <c>DrService:Auth:Oidc:Authority</c> is set), the
    /// role policies (fallback: viewer) and anti-forgery for cookie-authenticated mutating calls.
    /// </summary>
    public static IServiceCollection AddDrAuth(this IServiceCollection services, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiTokenStore>();
        var oidc = options.Oidc.Authority is not null;
        var authentication = services.AddAuthentication(DrAuthSchemes.Selector)
            .AddPolicyScheme(DrAuthSchemes.Selector, "API token, OIDC bearer or dashboard cookie", o => o.ForwardDefaultSelector = c => DrAuthSchemes.Select(c, oidc))
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(DrAuthSchemes.ApiToken, null)
            .AddCookie(DrAuthSchemes.Cookie, o => ConfigureCookie(o, options));
        if (oidc)
        {
            authentication.AddJwtBearer(DrAuthSchemes.Oidc, o =>
            {
                o.Authority = options.Oidc.Authority!.ToString();
                o.Audience = options.Oidc.Audience;
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = options.Oidc.Audience, ValidateAudience = true, ValidateIssuer = true, ValidateLifetime = true };
                o.Events = new()
                {
                    OnTokenValidated = c =>
                    {
                        c.Principal = OidcRoleMapper.Map(c.Principal!, options.Oidc);
                        return Task.CompletedTask;
                    },
                    OnChallenge = async c =>
                    {
                        c.HandleResponse();
                        c.Response.Headers.WWWAuthenticate = "Bearer";
                        await DrAuthProblems.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required", "The bearer token is missing, invalid or expired.");
                    },
                    OnForbidden = c => DrAuthProblems.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this call."),
                };
            });
        }
        AddSharedKeyRing(services);
        services.AddAuthorization(DrPolicies.AddTo);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = DrAntiforgery.HeaderName;
            o.Cookie.Name = "drs.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// The data-protection key ring (it signs and encrypts the dashboard cookie and the anti-forgery token) lives in the
    /// service's database: two tasks behind the load balancer read each other's cookies, and a restart does not sign
    /// everyone out. ASP.NET Core rotates the keys (90 days) and finds a key another instance just made by reloading the
    /// ring when it meets an unknown key id. The keys are stored as ASP.NET Core writes them (XML, not encrypted
    /// again): the database is already the secret (encrypted at rest, reachable only by the task role).
    /// </summary>
    public static void AddSharedKeyRing(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContext());
        services.AddDataProtection()
            .SetApplicationName("DrService")
            .PersistKeysToDbContext<DrDbContext>();
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, AuthOptions options)
    {
        o.Cookie.Name = "drs.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = options.CookieLifetime;
        o.SlidingExpiration = true;
        o.Events = new CookieAuthenticationEvents
        {
            // An API caller gets a status, never a redirect to a login page.
            OnRedirectToLogin = c => DrAuthProblems.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required", "Send 'Authorization: Bearer <API token>' or sign in at /signin."),
            OnRedirectToAccessDenied = c => DrAuthProblems.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this call."),
            // A cookie lives only as long as the token it was signed in with: revoked or expired ends the session.
            OnValidatePrincipal = async c =>
            {
                var tokenId = c.Principal?.FindFirst(DrClaims.TokenId)?.Value;
                var store = c.HttpContext.RequestServices.GetRequiredService<ApiTokenStore>();
                var record = tokenId is null ? null : await store.FindActiveAsync(tokenId, c.HttpContext.RequestAborted);
                if (record is null)
                {
                    c.RejectPrincipal();
                    await c.HttpContext.SignOutAsync(DrAuthSchemes.Cookie);
                    return;
                }
                if (DrPolicies.RoleOf(c.Principal!) != record.Role)
                {
                    c.ReplacePrincipal(ApiTokenAuthenticationHandler.Principal(record, DrAuthSchemes.Cookie, "cookie"));
                    c.ShouldRenew = true;
                }
            },
        };
    }

    /// <summary>Authentication, anti-forgery for cookie-authenticated mutating calls, authorization, in that order.</summary>
    public static WebApplication UseDrAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseMiddleware<DrAntiforgery>();
        app.UseAuthorization();
        return app;
    }
}
