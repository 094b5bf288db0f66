namespace DrService.Dashboard;

/// <summary>
/// <c>GET /api/v1/overview</c>: the dashboard's one aggregated read, every application worst first (not paged: the
/// overview is the whole estate, sorted, and costs a fixed number of queries at any size).
/// <c>GET /api/v1/overview/{application}</c>: one row with all its reasons and conditions.
/// <c>GET /api/v1/overview/{application}/replication-lag?hours=</c>: the replicas' lag over time, from CloudWatch.
/// </summary>
public static class OverviewEndpoints
{
    public const int MaxLagHours = 24 * 14;

    public static IEndpointRouteBuilder MapDrOverview(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/overview").WithTags("Dashboard");
        group.MapGet("/", async (OverviewService overview, CancellationToken cancellationToken) =>
            TypedResults.Ok(await overview.GetAsync(cancellationToken)));
        group.MapGet("/{application}", GetApplicationAsync);
        group.MapGet("/{application}/replication-lag", LagAsync);
        return app;
    }

    private static async Task<IResult> GetApplicationAsync(string application, OverviewService overview, CancellationToken cancellationToken) =>
        await overview.GetApplicationAsync(application, cancellationToken) is { } result ? TypedResults.Ok(result) : NotFound(application);

    private static async Task<IResult> LagAsync(string application, ReplicationLagHistory lag, CancellationToken cancellationToken, int hours = 3)
    {
        if (hours is < 1 or > MaxLagHours)
        {
            return TypedResults.Problem(title: "Invalid query", detail: $"hours must be between 1 and {MaxLagHours}.", statusCode: StatusCodes.Status400BadRequest);
        }
        var result = await lag.GetAsync(application, TimeSpan.FromHours(hours), cancellationToken);
        return result is null ? NotFound(application) : TypedResults.Ok(result);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string application) =>
        TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);
}
