using DrService.Api;
using DrService.Aws.Configuration;
using DrService.Aws.Http;

namespace DrService.Sandbox;

/// <summary>
/// <c>/api/v1/sandbox/faults</c> (sandbox only, loopback only): list, add and clear the fault layer's run-time rules,
/// to show what a dark region, throttling or 5xx do to backups and readiness.
/// </summary>
public static class SandboxEndpoints
{
    public static IEndpointRouteBuilder MapDrSandbox(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sandbox/faults").WithTags("Sandbox").AddEndpointFilter<LocalOperatorOnly>();
        group.MapGet("/", (FaultController faults) => TypedResults.Ok(faults.Rules));
        group.MapPost("/", (FaultRule rule, FaultController faults) => TypedResults.Ok(faults.Add(rule)));
        group.MapDelete("/", (FaultController faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });
        return app;
    }
}
