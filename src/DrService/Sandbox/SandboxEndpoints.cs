using DrService.Api;
using DrService.Api.Auth;
using DrService.Aws.Configuration;
using DrService.Aws.Http;

namespace DrService.Sandbox;

/// <summary>
/// <c>/api/v1/sandbox/faults</c> (sandbox only; changes need an operator): list, add and clear the fault layer's run-time rules,
/// to show what a dark region, throttling or 5xx do to backups and readiness.
/// </summary>
public static class SandboxEndpoints
{
    public static IEndpointRouteBuilder MapDrSandbox(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sandbox/faults").WithTags("Sandbox");
        group.MapGet("/", (FaultController faults, string? limit, string? cursor) =>
            Paging.TryRead(limit, cursor, out var page, out var problem) ? Paging.Slice([.. faults.Rules], page) : problem);
        group.MapPost("/", (FaultRule rule, FaultController faults) => TypedResults.Ok(faults.Add(rule))).RequireAuthorization(DrPolicies.Operator);
        group.MapDelete("/", (FaultController faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        }).RequireAuthorization(DrPolicies.Operator);

        // The demo applications' endpoints, for the witness to probe: up unless the fault layer makes their region dark.
        app.MapGet("/sandbox/endpoints/{application}/{role}/health", (string application, string role, FaultController faults, Microsoft.Extensions.Options.IOptions<Configuration.DrOptions> options) =>
        {
            var regions = options.Value.Regions;
            var region = role == "primary" ? regions.Primary : regions.Dr;
            var dark = faults.Rules.Any(r => r.Dark && (r.Region == "*" || r.Region == region) && r.Service == "*");
            return dark
                ? Results.Text($"{application} {role} in {region}: region dark (fault layer)", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text($"{application} {role} in {region}: ok");
        }).WithTags("Sandbox").AllowAnonymous().ExcludeFromDescription(); // stand-ins for the applications' own endpoints: probed without credentials
        return app;
    }

    /// <summary>The URL the witness probes for an application's endpoint in the sandbox.</summary>
    public static string EndpointUrl(string baseUrl, string application, string role) =>
        $"{baseUrl.TrimEnd('/')}/sandbox/endpoints/{application}/{role}/health";
}
