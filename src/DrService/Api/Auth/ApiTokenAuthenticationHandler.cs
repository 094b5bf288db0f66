using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DrService.Api.Auth;

/// <summary><c>Authorization: Bearer drs_...</c>: an API token, checked against its stored hash. The token itself is never logged.</summary>
public sealed partial class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (DrAuthSchemes.BearerToken(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        var record = await tokens.ValidateAsync(token, Context.RequestAborted);
        if (record is null)
        {
            LogRejected(Logger, ApiTokenFormat.TryParse(token, out var id) ? id : "(malformed)");
            return AuthenticateResult.Fail("unknown, revoked or expired API token");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(record, Scheme.Name, "token"), Scheme.Name));
    }

    /// <summary>The caller a token (or a cookie signed in with one) stands for.</summary>
    internal static ClaimsPrincipal Principal(ApiTokenRecord record, string authenticationType, string method) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "token:" + record.TokenId),
                new Claim(DrClaims.Name, record.Name),
                new Claim(DrClaims.Role, DrRoles.Name(record.Role)),
                new Claim(DrClaims.TokenId, record.TokenId),
                new Claim(DrClaims.Method, method),
            ],
            authenticationType, DrClaims.Name, DrClaims.Role));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        DrAuthProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Sign-in required", "Send 'Authorization: Bearer <API token>' or sign in at /signin.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        DrAuthProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this call.");

    [LoggerMessage(EventId = 9501, Level = LogLevel.Warning, Message = "API token rejected (id {TokenId}): unknown, wrong secret, revoked or expired")]
    private static partial void LogRejected(ILogger logger, string tokenId);
}
