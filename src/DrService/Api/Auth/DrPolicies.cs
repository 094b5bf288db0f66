using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace DrService.Api.Auth;

/// <summary>
/// The authorization policies, one per role, each admitting that role and every role above it
/// (<c>viewer &lt; operator &lt; approver &lt; admin</c>). Endpoints say <c>.RequireAuthorization(DrPolicies.Operator)</c>;
/// an endpoint that says nothing requires <see cref="Viewer"/> (the fallback policy).
/// </summary>
public static class DrPolicies
{
    public const string Viewer = "viewer";

    public const string Operator = "operator";

    public const string Approver = "approver";

    public const string Admin = "admin";

    /// <summary>The caller's role, or null when the caller is anonymous or holds no DrService role.</summary>
    public static DrRole? RoleOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        return user.FindAll(DrClaims.Role).Select(c => DrRoles.TryParse(c.Value, out var r) ? r : (DrRole?)null).Max();
    }

    internal static AuthorizationPolicy For(DrRole minimum) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => RoleOf(context.User) >= minimum)
        .Build();

    internal static void AddTo(AuthorizationOptions options)
    {
        foreach (var role in DrRoles.All)
        {
            options.AddPolicy(DrRoles.Name(role), For(role));
        }
        options.DefaultPolicy = For(DrRole.Viewer);
        options.FallbackPolicy = For(DrRole.Viewer);
    }
}
