namespace DrService.Api.Auth;

/// <summary>The claims DrService puts on every signed-in caller, whatever the sign-in method.</summary>
public static class DrClaims
{
    /// <summary>The actor name written to audit records (token name, or <c>oidc:{user}</c>).</summary>
    public const string Name = "dr:name";

    /// <summary>The DrService role name (viewer, operator, approver, admin).</summary>
    public const string Role = "dr:role";

    /// <summary>The API token's public id, for tokens and for cookies signed in with one.</summary>
    public const string TokenId = "dr:token";

    /// <summary>How the caller signed in: token, cookie or oidc.</summary>
    public const string Method = "dr:method";
}
