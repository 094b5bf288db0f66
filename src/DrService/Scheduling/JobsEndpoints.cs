using System.Globalization;
using DrService.Api;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Scheduling;

/// <summary><c>/api/v1/jobs</c>: recent runs of every job (newest first, paged by <c>?limit=&amp;cursor=</c>) and one run by key.</summary>
public static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapDrJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs");
        group.MapGet("/runs", ListRunsAsync);
        group.MapGet("/runs/{key}", GetRunAsync);
        return app;
    }

    private static async Task<IResult> ListRunsAsync(IDbContextFactory<DrDbContext> contexts, CancellationToken cancellationToken, string? job = null, string? application = null, string? limit = null, string? cursor = null)
    {
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        if (!TryPosition(page.After, out var after))
        {
            return Paging.InvalidCursor();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.JobRuns.AsNoTracking();
        if (job is not null)
        {
            query = query.Where(r => r.Job == job);
        }
        if (application is not null)
        {
            query = query.Where(r => r.Application == application);
        }
        if (after is { } position)
        {
            var at = new DateTimeOffset(position.Ticks, TimeSpan.Zero);
            query = query.Where(r => r.ScheduledAt < at || (r.ScheduledAt == at && r.Id < position.Id));
        }
        var runs = await query.OrderByDescending(r => r.ScheduledAt).ThenByDescending(r => r.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var items = runs.Take(page.Limit).ToList();
        var next = runs.Count > page.Limit
            ? Paging.Encode(string.Create(CultureInfo.InvariantCulture, $"{items[^1].ScheduledAt.UtcTicks}.{items[^1].Id}"))
            : null;
        return TypedResults.Ok(new Page<RunView>([.. items.Select(RunView.From)], next));
    }

    /// <summary>The keyset position "{scheduledUtcTicks}.{id}" of the last run of the previous page.</summary>
    private static bool TryPosition(string? after, out (long Ticks, long Id)? position)
    {
        position = null;
        if (after is null)
        {
            return true;
        }
        var parts = after.Split('.');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ticks <= DateTimeOffset.MaxValue.UtcTicks)
        {
            position = (ticks, id);
            return true;
        }
        return false;
    }

    private static async Task<IResult> GetRunAsync(string key, IDbContextFactory<DrDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, cancellationToken);
        return run is null
            ? TypedResults.Problem(title: "Unknown run", detail: $"No run '{key}' (it may not have started yet).", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(RunView.From(run));
    }
}

public sealed record RunView(string Key, string Job, string? Application, string Trigger, string Phase, DateTimeOffset ScheduledAt,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int ProgressDone, int ProgressTotal, string? Message, string? FailureReason, int Attempts)
{
    public static RunView From(JobRunRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Key, r.Job, r.Application, r.Trigger.ToString(), r.Phase.ToString(), r.ScheduledAt, r.StartedAt, r.EndedAt,
            r.ProgressDone, r.ProgressTotal, r.Message, r.FailureReason, r.Attempts);
    }
}
