using DrService.Api;
using DrService.Api.Auth;
using DrService.Backups.Engine;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Scheduling;
using Microsoft.Extensions.Options;

namespace DrService.Backups;

/// <summary>
/// <c>/api/v1/backups</c>: status per application and resource (newest copy, RPO, last error with its AWS code),
/// RPO history, the retention dry run, and "run now".
/// </summary>
public static class BackupsEndpoints
{
    public static IEndpointRouteBuilder MapDrBackups(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/backups").WithTags("Backups");
        group.MapGet("/", ListAsync);
        group.MapGet("/{application}", GetAsync);
        group.MapGet("/{application}/rpo-history", HistoryAsync);
        group.MapGet("/{application}/retention-preview", PreviewAsync);
        group.MapPost("/{application}/run", RunNowAsync).RequireAuthorization(DrPolicies.Operator);
        return app;
    }

    private static async Task<IResult> ListAsync(BackupStore store, IOptions<DrOptions> options, CancellationToken cancellationToken, string? limit = null, string? cursor = null)
    {
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        var statuses = await store.StatusAsync(null, cancellationToken);
        return Paging.Slice([.. options.Value.Applications.Keys.Order(StringComparer.Ordinal)
            .Select(name => ApplicationStatus.From(name, options.Value.Applications[name], statuses.Where(s => s.Application == name)))], page);
    }

    private static async Task<IResult> GetAsync(string application, BackupStore store, IOptions<DrOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Applications.TryGetValue(application, out var app))
        {
            return NotFound(application);
        }
        return TypedResults.Ok(ApplicationStatus.From(application, app, await store.StatusAsync(application, cancellationToken)));
    }

    private static async Task<IResult> HistoryAsync(string application, BackupStore store, IOptions<DrOptions> options, TimeProvider time, CancellationToken cancellationToken, int hours = 24, string? limit = null, string? cursor = null)
    {
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        if (!options.Value.Applications.ContainsKey(application))
        {
            return NotFound(application);
        }
        var since = time.GetUtcNow() - TimeSpan.FromHours(Math.Clamp(hours, 1, 24 * 90));
        var samples = await store.RpoHistoryAsync(application, since, cancellationToken);
        return Paging.Slice([.. samples.Select(s => new RpoSampleView(s.Kind.ToString(), s.ResourceId, s.At, s.AgeSeconds, s.State.ToString()))], page);
    }

    private static async Task<IResult> PreviewAsync(string application, BackupCycle cycle, IOptions<DrOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Applications.ContainsKey(application))
        {
            return NotFound(application);
        }
        return TypedResults.Ok(await cycle.PreviewRetentionAsync(application, cancellationToken));
    }

    private static async Task<IResult> RunNowAsync(string application, HttpContext context, JobControl jobs, IOptions<DrOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Applications.ContainsKey(application))
        {
            return NotFound(application);
        }
        // A cycle of the application already queued or running answers for this request too (coalesced: true).
        var run = await jobs.RunNowAsync(BackupJobs.JobName(application), Actor.Of(context), cancellationToken);
        return run is null
            ? TypedResults.Problem(title: "Job not scheduled", detail: $"The backup job of '{application}' is not in the scheduler yet.", statusCode: StatusCodes.Status409Conflict)
            : TypedResults.Accepted($"/api/v1/jobs/runs/{run.RunKey}", new { runKey = run.RunKey, coalesced = run.Coalesced });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string application) =>
        TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>One RPO sample of the history.</summary>
public sealed record RpoSampleView(string Kind, string ResourceId, DateTimeOffset At, double? AgeSeconds, string State);

/// <summary>An application's backup status: its worst RPO and each resource.</summary>
public sealed record ApplicationStatus(string Application, string Tier, double RpoTargetSeconds, string WorstRpo, IReadOnlyList<ResourceStatus> Resources)
{
    public static ApplicationStatus From(string name, ApplicationOptions app, IEnumerable<ResourceStatusRecord> records)
    {
        var resources = records.Select(ResourceStatus.From).ToList();
        var worst = RpoRule.Worst(resources.Where(r => r.ResourceId != "*").Select(r => Enum.Parse<RpoState>(r.RpoState)));
        return new ApplicationStatus(name, app.Tier.ToString(), app.Rpo.TotalSeconds, worst.ToString(), resources);
    }
}

public sealed record ResourceStatus(
    string Kind, string ResourceId, string Region, string? NewestCopyId, DateTimeOffset? NewestCopySourceTime, int CopyCount,
    string RpoState, double? RpoAgeSeconds, DateTimeOffset CheckedAt, string? ErrorCode, string? ErrorMessage, DateTimeOffset? ErrorAt)
{
    public static ResourceStatus From(ResourceStatusRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Kind.ToString(), r.ResourceId, r.Region, r.NewestCopyId, r.NewestCopySourceTime, r.CopyCount, r.RpoState.ToString(),
            r.RpoAgeSeconds, r.CheckedAt, r.LastErrorCode, r.LastErrorMessage, r.LastErrorAt);
    }
}
