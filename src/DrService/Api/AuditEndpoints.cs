using DrService.Api.Auth;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Api;

/// <summary>
/// <c>GET /api/v1/audit?application=&amp;action=&amp;actor=&amp;limit=&amp;cursor=</c>, newest first; operator and above
/// (who did what, and the names of tokens, is not for read-only viewers). No edit or delete: the log is append-only.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapDrAudit(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(DrPolicies.Operator).MapGet("/", ListAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(IDbContextFactory<DrDbContext> contexts, CancellationToken cancellationToken,
        string? application = null, string? action = null, string? actor = null, string? limit = null, string? cursor = null)
    {
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        if (!page.TryAfterId(out var afterId))
        {
            return Paging.InvalidCursor();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Audit.AsNoTracking();
        if (!string.IsNullOrEmpty(application))
        {
            query = query.Where(a => a.Application == application);
        }
        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(a => a.Action == action);
        }
        if (!string.IsNullOrEmpty(actor))
        {
            query = query.Where(a => a.Actor == actor);
        }
        if (afterId is { } after)
        {
            query = query.Where(a => a.Id < after);
        }
        var rows = await query.OrderByDescending(a => a.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.Keyset(rows, page.Limit, a => a.Id, AuditView.From));
    }
}

public sealed record AuditView(long Id, DateTimeOffset At, string Actor, string Action, string? Application, string? Target, string Result, string? Details)
{
    public static AuditView From(AuditRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.At, a.Actor, a.Action, a.Application, a.Target, a.Result, a.Details);
    }
}
