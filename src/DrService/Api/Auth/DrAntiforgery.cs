using Microsoft.AspNetCore.Antiforgery;

namespace DrService.Api.Auth;

/// <summary>
/// A mutating call (POST, PUT, PATCH, DELETE) authenticated by the dashboard cookie must carry the anti-forgery
/// header <c>X-CSRF-TOKEN</c> (from <c>GET /api/v1/auth/antiforgery</c>); otherwise 400 with problem details.
/// Bearer-token calls are exempt: a cross-site page cannot make a browser send an Authorization header.
/// </summary>
public sealed class DrAntiforgery(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (NeedsCheck(context))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await DrAuthProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Anti-forgery token missing or invalid",
                    $"Calls signed in with the dashboard cookie must send the {HeaderName} header from GET /api/v1/auth/antiforgery.");
                return;
            }
        }
        await next(context);
    }

    private static bool NeedsCheck(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.User.Identity is { IsAuthenticated: true, AuthenticationType: DrAuthSchemes.Cookie }
        && !context.Request.Path.Equals(AuthEndpoints.SignInPath, StringComparison.OrdinalIgnoreCase);
}
