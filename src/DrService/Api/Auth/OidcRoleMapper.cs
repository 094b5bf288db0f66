using System.Security.Claims;
using System.Text.Json;
using DrService.Configuration;

namespace DrService.Api.Auth;

/// <summary>
/// Turns a validated OIDC token's claims into a DrService caller: the name from the configured name claim (or
/// <c>sub</c>) as <c>oidc:{name}</c>, and the highest DrService role that <c>RoleMap</c> gives any of its role values.
/// No mapped value: the caller is signed in with no role, so every endpoint answers 403.
/// </summary>
public static class OidcRoleMapper
{
    public static ClaimsPrincipal Map(ClaimsPrincipal validated, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ArgumentNullException.ThrowIfNull(options);
        var user = validated.FindFirst(options.NameClaim)?.Value ?? validated.FindFirst("sub")?.Value
            ?? validated.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "oidc:" + user),
            new(DrClaims.Name, "oidc:" + user),
            new(DrClaims.Method, "oidc"),
        };
        if (RoleOf(RoleValues(validated, options.RoleClaim), options.RoleMap) is { } role)
        {
            claims.Add(new Claim(DrClaims.Role, DrRoles.Name(role)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, DrAuthSchemes.Oidc, DrClaims.Name, DrClaims.Role));
    }

    /// <summary>The highest DrService role mapped from any of the values, or null.</summary>
    public static DrRole? RoleOf(IEnumerable<string> values, IReadOnlyDictionary<string, string> roleMap)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(roleMap);
        return values.Select(v => roleMap.TryGetValue(v, out var name) && DrRoles.TryParse(name, out var r) ? r : (DrRole?)null).Max();
    }

    /// <summary>The role claim's values: one claim per value, or one claim holding a JSON array.</summary>
    internal static IEnumerable<string> RoleValues(ClaimsPrincipal principal, string claimType)
    {
        foreach (var claim in principal.FindAll(claimType))
        {
            if (claim.Value.StartsWith('['))
            {
                string[]? values = null;
                try
                {
                    values = JsonSerializer.Deserialize<string[]>(claim.Value);
                }
                catch (JsonException)
                {
                    // not an array after all: take the value as it is
                }
                foreach (var value in values ?? [claim.Value])
                {
                    yield return value;
                }
            }
            else
            {
                yield return claim.Value;
            }
        }
    }
}
