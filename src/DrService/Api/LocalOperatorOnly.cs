using System.Net;

namespace DrService.Api;

/// <summary>
/// Interim protection of mutating endpoints until sign-in and roles land (API tokens, OIDC, roles): a mutating call
/// is accepted only from the loopback interface, where only an operator on the service's own host can reach it, and
/// is audited as <see cref="Actor"/>. Anything else is refused with 403 and a problem-details body.
/// </summary>
public sealed class LocalOperatorOnly : IEndpointFilter
{
    public const string Actor = "local-operator";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return TypedResults.Problem(
                title: "Forbidden",
                detail: "Mutating endpoints accept calls from the service's own host only until API tokens and roles are configured.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }
}
