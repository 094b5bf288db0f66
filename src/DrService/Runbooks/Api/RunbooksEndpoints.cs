using DrService.Api;
using DrService.Api.Auth;
using DrService.Runbooks.Catalog;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrService.Runbooks.Api;

/// <summary>
/// The runbook HTTP API: the catalog and dry runs (<c>/api/v1/runbooks</c>), executions with their journal and live
/// events (<c>/api/v1/executions</c>), and drills with their reports (<c>/api/v1/drills</c>). Mutating endpoints
/// need the operator role (approve and reject: approver). Errors are problem details; a refused start is 409.
/// </summary>
public static partial class RunbooksEndpoints
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapDrRunbooks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Resolving the catalog loads and validates every runbook: a bad one stops the start-up (exit 78).
        app.ServiceProvider.GetRequiredService<RunbookCatalog>();

        var runbooks = app.MapGroup("/api/v1/runbooks").WithTags("Runbooks");
        runbooks.MapGet("/", (RunbookCatalog catalog) => TypedResults.Ok(new Page<RunbookView>([.. catalog.All.Select(e => RunbookView.From(e, withSteps: false))], null)));
        runbooks.MapGet("/{id}", GetRunbook);
        runbooks.MapPost("/{id}/plan", PlanRunbookAsync).RequireAuthorization(DrPolicies.Operator);
        app.MapPost("/api/v1/plan", PlanAsync).WithTags("Runbooks").RequireAuthorization(DrPolicies.Operator);

        var executions = app.MapGroup("/api/v1/executions").WithTags("Runbooks");
        executions.MapGet("/", ListExecutionsAsync);
        executions.MapGet("/{id}", GetExecutionAsync);
        executions.MapGet("/{id}/journal", JournalAsync);
        executions.MapGet("/{id}/report", ExecutionReportAsync);
        executions.MapGet("/{id}/events", EventsAsync);
        executions.MapPost("/", StartAsync).RequireAuthorization(DrPolicies.Operator);
        executions.MapPost("/{id}/steps/{step}/approve", ApproveAsync).RequireAuthorization(DrPolicies.Approver);
        executions.MapPost("/{id}/steps/{step}/reject", RejectAsync).RequireAuthorization(DrPolicies.Approver);
        executions.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(DrPolicies.Operator);

        var drills = app.MapGroup("/api/v1/drills").WithTags("Drills");
        drills.MapGet("/", ListDrillsAsync);
        drills.MapGet("/{id}/report", ReportAsync);
        drills.MapPost("/", StartDrillAsync).RequireAuthorization(DrPolicies.Operator);
        return app;
    }

    private static Results<Ok<RunbookView>, ProblemHttpResult> GetRunbook(string id, RunbookCatalog catalog) =>
        catalog.Find(id) is { } entry ? TypedResults.Ok(RunbookView.From(entry, withSteps: true)) : NotFound($"No runbook '{id}'.");

    private static async Task<IResult> PlanRunbookAsync(string id, PlanRequest body, RunbookService service, CancellationToken cancellationToken) =>
        await PlanAsync(body with { Runbook = id }, service, cancellationToken);

    /// <summary>Also <c>POST /api/v1/plan</c> (drctl): the runbook may be omitted, then the application's for <c>kind</c>.</summary>
    private static async Task<IResult> PlanAsync(PlanRequest body, RunbookService service, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Application))
        {
            return BadRequest("application is required.");
        }
        try
        {
            var mode = body.Mode ?? ExecutionMode.Drill;
            var runbook = body.Runbook ?? service.RunbookIdFor(body.Application, mode == ExecutionMode.Drill ? RunbookPurpose.Drill : body.Kind ?? RunbookPurpose.Failover);
            return TypedResults.Ok(PlanView.From(await service.PlanAsync(runbook, body.Application, mode, cancellationToken)));
        }
        catch (KeyNotFoundException ex)
        {
            return NotFound(ex.Message);
        }
    }

    private static async Task<IResult> StartAsync(StartExecutionRequest body, HttpContext http, RunbookService service, IExecutionStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Application))
        {
            return BadRequest("application is required.");
        }
        var mode = body.Mode ?? ExecutionMode.Production;
        if (mode == ExecutionMode.Production && !string.Equals(body.Confirm, body.Application, StringComparison.Ordinal))
        {
            return BadRequest($"A production execution needs \"confirm\": \"{body.Application}\" (the application's name).");
        }
        return await StartedAsync(() => service.StartAsync(new StartRunbook(body.Runbook, body.Application, mode, Actor.Of(http), Purpose: body.Kind ?? RunbookPurpose.Failover, AcceptProblems: body.AcceptProblems), cancellationToken),
            store, cancellationToken);
    }

    private static async Task<IResult> StartDrillAsync(StartDrillRequest body, HttpContext http, RunbookService service, IExecutionStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Application))
        {
            return BadRequest("application is required.");
        }
        return await StartedAsync(() => service.StartAsync(new StartRunbook(body.Runbook, body.Application, ExecutionMode.Drill, Actor.Of(http), Purpose: RunbookPurpose.Drill, AcceptProblems: body.AcceptProblems), cancellationToken),
            store, cancellationToken);
    }

    private static async Task<IResult> StartedAsync(Func<Task<ExecutionRecord>> start, IExecutionStore store, CancellationToken cancellationToken)
    {
        try
        {
            var created = await start();
            var view = ExecutionView.From(created, await store.ReadJournalAsync(created.Id, 0, cancellationToken));
            return TypedResults.Accepted($"/api/v1/executions/{created.Id}", view);
        }
        catch (KeyNotFoundException ex)
        {
            return NotFound(ex.Message);
        }
        catch (ExecutionConflictException ex)
        {
            return TypedResults.Problem(title: "Refused", detail: ex.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["existingExecutionId"] = ex.ExistingExecutionId });
        }
        catch (RecoveryProblemsException ex)
        {
            return TypedResults.Problem(title: "Recovery problems", detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["problems"] = ex.Problems });
        }
    }

    private static Task<IResult> ApproveAsync(string id, string step, DecisionRequest? body, HttpContext http, RunbookService service, CancellationToken cancellationToken) =>
        DecidedAsync(() => service.ApproveAsync(id, step, Actor.Of(http), body?.Reason, cancellationToken));

    private static Task<IResult> RejectAsync(string id, string step, DecisionRequest? body, HttpContext http, RunbookService service, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(body?.Reason)
            ? Task.FromResult<IResult>(BadRequest("A rejection needs a reason."))
            : DecidedAsync(() => service.RejectAsync(id, step, Actor.Of(http), body.Reason, cancellationToken));

    private static Task<IResult> CancelAsync(string id, DecisionRequest? body, HttpContext http, RunbookService service, CancellationToken cancellationToken) =>
        DecidedAsync(() => service.CancelAsync(id, Actor.Of(http), body?.Reason, cancellationToken));

    private static async Task<IResult> DecidedAsync(Func<Task<JournalEntry>> decide)
    {
        try
        {
            return TypedResults.Ok(await decide());
        }
        catch (KeyNotFoundException ex)
        {
            return NotFound(ex.Message);
        }
        catch (RunbookRequestConflictException ex)
        {
            return TypedResults.Problem(title: "Conflict", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    internal static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    internal static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
