using Microsoft.OpenApi;

namespace DrService.Api;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> (anonymous), with the bearer scheme every API call uses.</summary>
public static class OpenApiExtensions
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddDrOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DrService API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token (drs_...) or, where configured, an OIDC access token. The dashboard uses a session cookie from POST /auth/signin instead.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            return Task.CompletedTask;
        }));

    public static IEndpointRouteBuilder MapDrOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
