namespace DrService.Configuration;

/// <summary>The <c>DrService:Auth</c> section: sign-in (API tokens always; OIDC bearer tokens when configured) and the dashboard cookie.</summary>
public sealed class AuthOptions
{
    /// <summary>How long a dashboard sign-in lasts without use (sliding: each request renews it).</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>OIDC bearer tokens from an identity provider; off while <see cref="OidcOptions.Authority"/> is empty.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>The <c>DrService:Auth:Oidc</c> section.</summary>
public sealed class OidcOptions
{
    /// <summary>The issuer (https), whose discovery document gives the signing keys; empty turns OIDC off.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The audience the tokens must carry (required with an authority).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the caller's roles or groups (one value, several claims, or a JSON array).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim naming the caller in audit records (as <c>oidc:{value}</c>); falls back to <c>sub</c>.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Identity-provider role (or group) value to DrService role (viewer, operator, approver, admin); a caller gets the
    /// highest role mapped from their values, and none (403 everywhere) when nothing maps.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);
}
