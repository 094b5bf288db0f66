using DrService.Api.Auth;

namespace DrService.Api;

/// <summary>
/// Deprecated: the interim guard of mutating endpoints from before sign-in and roles. Endpoints now say
/// <c>.RequireAuthorization(DrPolicies.Operator)</c> and audit <see cref="Auth.Actor.Of"/>. Kept so that branches written
/// against it still build, and made safe to leave on an endpoint: it no longer looks at the caller's address but
/// admits operators and above only (the same rule as <see cref="DrPolicies.Operator"/>), answering 403 otherwise.
/// </summary>
public sealed class LocalOperatorOnly : IEndpointFilter
{
    /// <summary>Deprecated: use <see cref="Auth.Actor.Of"/>, which names the signed-in caller.</summary>
    public const string Actor = "local-operator";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (DrPolicies.RoleOf(context.HttpContext.User) is not >= DrRole.Operator)
        {
            return TypedResults.Problem(title: "Forbidden", detail: "This call needs the operator role or above.", statusCode: StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }
}
