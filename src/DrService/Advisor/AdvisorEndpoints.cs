namespace DrService.Advisor;

/// <summary>
/// <c>GET /api/v1/advisor</c>: one row per application and tier (cost breakdown, expected RTO/RPO with their source,
/// whether they meet the targets, the recommended flag), paginated <c>{"items", "nextCursor"}</c>;
/// <c>GET /api/v1/advisor/{application}</c>: every tier, the recommendation and the stricter-target table.
/// </summary>
public static class AdvisorEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapDrAdvisor(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/advisor").WithTags("Advisor");
        group.MapGet("/", ListAsync);
        group.MapGet("/{application}", GetAsync);
        return app;
    }

    /// <summary>A page of rows and the cursor of the next page (null on the last).</summary>
    public sealed record AdvisorPage(IReadOnlyList<AdvisorRow> Items, string? NextCursor);

    private static async Task<IResult> ListAsync(int? limit, string? cursor, AdvisorService advisor, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(title: "Invalid limit", detail: $"limit must be between 1 and {MaxLimit} (was {size}).", statusCode: StatusCodes.Status400BadRequest);
        }
        var rows = (await advisor.EvaluateAllAsync(cancellationToken)).SelectMany(a => a.Rows).ToList();
        var start = 0;
        if (!string.IsNullOrEmpty(cursor))
        {
            var at = rows.FindIndex(r => Cursor(r) == cursor);
            if (at < 0)
            {
                return TypedResults.Problem(title: "Invalid cursor", detail: $"Cursor '{cursor}' names no row (the configuration may have changed); start again without it.", statusCode: StatusCodes.Status400BadRequest);
            }
            start = at + 1;
        }
        var items = rows.Skip(start).Take(size).ToList();
        var next = start + items.Count < rows.Count ? Cursor(items[^1]) : null;
        return TypedResults.Ok(new AdvisorPage(items, next));
    }

    private static async Task<IResult> GetAsync(string application, AdvisorService advisor, CancellationToken cancellationToken) =>
        await advisor.EvaluateAsync(application, cancellationToken) is { } advice
            ? TypedResults.Ok(advice)
            : TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The row's key, <c>{application}.{tier}</c>: application names hold no '.'.</summary>
    private static string Cursor(AdvisorRow row) => $"{row.Application}.{row.Tier}";
}
