using DrService.Api;

namespace DrService.Readiness;

/// <summary><c>/api/v1/readiness</c>: every application worst first, or one: could it fail over now, and what would it lose.</summary>
public static class ReadinessEndpoints
{
    public static IEndpointRouteBuilder MapDrReadiness(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/readiness").WithTags("Readiness");
        group.MapGet("/", ListAsync);
        group.MapGet("/{application}", GetAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(ReadinessService readiness, CancellationToken cancellationToken, string? limit = null, string? cursor = null) =>
        Paging.TryRead(limit, cursor, out var page, out var problem) ? Paging.Slice([.. await readiness.ListAsync(cancellationToken)], page) : problem;

    private static async Task<IResult> GetAsync(string application, ReadinessService readiness, CancellationToken cancellationToken) =>
        await readiness.GetAsync(application, cancellationToken) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);
}
