using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DrService.Api.Auth;

/// <summary>
/// The authentication schemes and how a request picks one: a bearer <c>drs_...</c> is an API token, another bearer
/// is an OIDC token (when OIDC is configured), and no Authorization header means the dashboard cookie.
/// </summary>
public static class DrAuthSchemes
{
    /// <summary>The default scheme: forwards to one of the three below.</summary>
    public const string Selector = "dr";

    public const string ApiToken = "dr-token";

    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string Oidc = JwtBearerDefaults.AuthenticationScheme;

    internal static string Select(HttpContext context, bool oidc)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Cookie;
        }
        var token = BearerToken(context.Request);
        return token is not null && !token.StartsWith(ApiTokenFormat.Prefix, StringComparison.Ordinal) && oidc ? Oidc : ApiToken;
    }

    /// <summary>The bearer token of the Authorization header, or null.</summary>
    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && header.Length > bearer.Length ? header[bearer.Length..].Trim() : null;
    }
}
