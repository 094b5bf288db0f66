using DrService.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrService.Api.Auth;

/// <summary>
/// The dashboard's sign-in (the page <c>GET /signin</c> is the dashboard's, see <c>DashboardEndpoints</c>): <c>POST /auth/signin</c> (JSON or form <c>token</c>:
/// sets the HttpOnly session cookie), <c>POST /auth/signout</c>, <c>GET /api/v1/auth/me</c> and
/// <c>GET /api/v1/auth/antiforgery</c>.
/// </summary>
public static partial class AuthEndpoints
{
    public const string SignInPath = "/auth/signin";

    public static IEndpointRouteBuilder MapDrAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignInPath, SignInAsync).AllowAnonymous().WithTags("Auth").DisableAntiforgery();
        app.MapPost("/auth/signout", (Func<HttpContext, Task<IResult>>)SignOutAsync).WithTags("Auth");
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapGet("/me", Me);
        group.MapGet("/antiforgery", Antiforgery);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ApiTokenStore tokens, IAuditLog audit, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var token = await ReadTokenAsync(context.Request, cancellationToken);
        if (string.IsNullOrEmpty(token))
        {
            return TypedResults.Problem(title: "Invalid sign-in", detail: "Send the API token as JSON {\"token\": \"...\"} or as the form field 'token'.", statusCode: StatusCodes.Status400BadRequest);
        }
        var record = await tokens.ValidateAsync(token, cancellationToken);
        if (record is null)
        {
            LogSignInRefused(loggers.CreateLogger(typeof(AuthEndpoints)), ApiTokenFormat.TryParse(token, out var id) ? id : "(malformed)");
            return TypedResults.Problem(title: "Sign-in refused", detail: "Unknown, revoked or expired API token.", statusCode: StatusCodes.Status401Unauthorized);
        }
        var principal = ApiTokenAuthenticationHandler.Principal(record, DrAuthSchemes.Cookie, "cookie");
        await context.SignInAsync(DrAuthSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = false });
        await audit.RecordAsync(new AuditEntry(record.Name, "auth.signin", "succeeded", Details: "dashboard cookie"), cancellationToken);
        return TypedResults.Ok(new CallerView(record.Name, DrRoles.Name(record.Role)));
    }

    private static async Task<string?> ReadTokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form["token"].ToString().Trim();
        }
        if (request.HasJsonContentType())
        {
            try
            {
                var body = await request.ReadFromJsonAsync<SignInRequest>(cancellationToken);
                return body?.Token?.Trim();
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
        return null;
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(DrAuthSchemes.Cookie);
        return TypedResults.NoContent();
    }

    private static Ok<CallerView> Me(HttpContext context) =>
        TypedResults.Ok(new CallerView(Actor.Of(context), DrPolicies.RoleOf(context.User) is { } role ? DrRoles.Name(role) : null));

    private static Ok<AntiforgeryToken> Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName ?? DrAntiforgery.HeaderName, tokens.RequestToken!));
    }

    [LoggerMessage(EventId = 9502, Level = LogLevel.Warning, Message = "Dashboard sign-in refused (token id {TokenId}): unknown, wrong secret, revoked or expired")]
    private static partial void LogSignInRefused(ILogger logger, string tokenId);
}

public sealed record SignInRequest(string? Token);

/// <summary>GET /api/v1/auth/me.</summary>
public sealed record CallerView(string Name, string? Role);

/// <summary>GET /api/v1/auth/antiforgery: send <c>Token</c> in the header <c>HeaderName</c> with every cookie-authenticated mutating call.</summary>
public sealed record AntiforgeryToken(string HeaderName, string Token);
