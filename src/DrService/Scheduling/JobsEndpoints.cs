using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Scheduling;

/// <summary><c>/api/v1/jobs</c>: recent runs of every job (newest first, paged) and one run by key.</summary>
public static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapDrJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs");
        group.MapGet("/runs", ListRunsAsync);
        group.MapGet("/runs/{key}", GetRunAsync);
        return app;
    }

    private static async Task<IResult> ListRunsAsync(IDbContextFactory<DrDbContext> contexts, CancellationToken cancellationToken, string? job = null, string? application = null, int limit = 50, int offset = 0)
    {
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
        var runs = await query.OrderByDescending(r => r.ScheduledAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(RunView.From));
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
