using DrService.Api;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Alerts;

/// <summary><c>GET /api/v1/alerts?state=firing|resolved&amp;application=&amp;limit=&amp;cursor=</c>: newest first, each with its deliveries.</summary>
public static class AlertsEndpoints
{
    public static IEndpointRouteBuilder MapDrAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/alerts").WithTags("Alerts");
        group.MapGet("/", ListAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(
        IDbContextFactory<DrDbContext> contexts, CancellationToken cancellationToken,
        string? state = null, string? application = null, string? limit = null, string? cursor = null)
    {
        AlertState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return BadRequest($"state must be 'firing' or 'resolved', not '{state}'.");
            }
            wanted = parsed;
        }
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        if (!page.TryAfterId(out var afterId))
        {
            return Paging.InvalidCursor();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Alerts.AsNoTracking();
        if (wanted is { } s)
        {
            query = query.Where(a => a.State == s);
        }
        if (!string.IsNullOrEmpty(application))
        {
            query = query.Where(a => a.Application == application);
        }
        if (afterId is { } after)
        {
            query = query.Where(a => a.Id < after);
        }
        var alerts = await query.OrderByDescending(a => a.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var ids = alerts.Select(a => a.Id).ToList();
        var deliveries = (await db.AlertDeliveries.AsNoTracking().Where(d => ids.Contains(d.AlertId)).OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.AlertId);
        return TypedResults.Ok(Paging.Keyset(alerts, page.Limit, a => a.Id, a => AlertView.From(a, deliveries[a.Id])));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BadRequest(string detail) =>
        Paging.BadParameter("state", detail);
}

public sealed record AlertView(
    long Id, string Key, string DedupKey, string Application, string Subject, string Condition, string Severity, string State,
    string Summary, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt, IReadOnlyList<AlertDeliveryView> Deliveries)
{
    public static AlertView From(AlertRecord a, IEnumerable<AlertDeliveryRecord> deliveries)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.Key, a.DedupKey, a.Application, a.Subject, a.ConditionType, a.Severity.ToString(), a.State.ToString(),
            a.Summary, a.RaisedAt, a.ResolvedAt, [.. deliveries.Select(AlertDeliveryView.From)]);
    }
}

public sealed record AlertDeliveryView(
    string Channel, string Event, string State, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt)
{
    public static AlertDeliveryView From(AlertDeliveryRecord d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Channel, d.Event.ToString(), d.State.ToString(), d.Attempts, d.LastError, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt);
    }
}
