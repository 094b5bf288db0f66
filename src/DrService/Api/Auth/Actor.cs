namespace DrService.Api.Auth;

/// <summary>Who is calling, as audit records name them.</summary>
public static class Actor
{
    /// <summary>The signed-in caller's name (an API token's name, or <c>oidc:{user}</c>); "anonymous" otherwise.</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.FindFirst(DrClaims.Name)?.Value is { Length: > 0 } name ? name : "anonymous";
    }
}
