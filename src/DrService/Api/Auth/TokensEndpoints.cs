namespace DrService.Api.Auth;

/// <summary>
/// <c>/api/v1/tokens</c> (admin only): create (the token is in the answer, once), list (never secrets), revoke by name.
/// </summary>
public static class TokensEndpoints
{
    public static IEndpointRouteBuilder MapDrTokens(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(DrPolicies.Admin);
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapDelete("/{name}", RevokeAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateTokenRequest body, HttpContext context, ApiTokenStore tokens, CancellationToken cancellationToken)
    {
        if (!DrRoles.TryParse(body.Role, out var role))
        {
            return Invalid("role", $"must be one of {DrRoles.List} (was '{body.Role}')");
        }
        TimeSpan? lifetime = null;
        if (body.Expires is not null)
        {
            if (!ApiTokenFormat.TryParseLifetime(body.Expires, out var parsed))
            {
                return Invalid("expires", $"must be a positive duration such as 90d, 12h or 30m (was '{body.Expires}')");
            }
            lifetime = parsed;
        }
        try
        {
            var created = await tokens.CreateAsync(body.Name ?? "", role, lifetime, Actor.Of(context), cancellationToken);
            return TypedResults.Created($"/api/v1/tokens/{created.Details.Name}", new CreatedTokenView(created.Token, created.Details));
        }
        catch (ApiTokenException ex) when (ex.Error == ApiTokenError.InvalidName)
        {
            return Invalid("name", ex.Message);
        }
        catch (ApiTokenException ex)
        {
            return TypedResults.Problem(title: "Token name taken", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> ListAsync(ApiTokenStore tokens, CancellationToken cancellationToken, string? limit = null, string? cursor = null)
    {
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        return Paging.Slice(await tokens.ListAsync(cancellationToken), page);
    }

    private static async Task<IResult> RevokeAsync(string name, HttpContext context, ApiTokenStore tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(name, Actor.Of(context), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Unknown token", detail: $"No active token named '{name}'.", statusCode: StatusCodes.Status404NotFound);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string field, string reason) =>
        TypedResults.Problem(title: "Invalid token request", detail: $"{field}: {reason}", statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>POST /api/v1/tokens: <c>{"name": "ci", "role": "operator", "expires": "90d"}</c> (expires optional: never).</summary>
public sealed record CreateTokenRequest(string? Name, string? Role, string? Expires);

/// <summary>The created token: <c>Token</c> is shown this once and cannot be retrieved again.</summary>
public sealed record CreatedTokenView(string Token, ApiTokenView Details);
