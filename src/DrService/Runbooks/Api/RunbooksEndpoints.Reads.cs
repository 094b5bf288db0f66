using DrService.Api;
using System.Text.Json;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Drills;
using DrService.Runbooks.Execution;
using DrService.Runbooks.Lifecycle;
using DrService.Runbooks.Store;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Api;

public static partial class RunbooksEndpoints
{
    private static async Task<IResult> ListExecutionsAsync(ExecutionQueries queries, CancellationToken cancellationToken,
        string? application = null, RunbookKind? kind = null, ExecutionMode? mode = null, int limit = DefaultLimit, string? cursor = null)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return BadRequest($"limit must be between 1 and {MaxLimit}.");
        }
        try
        {
            var (items, next) = await queries.ListAsync(application, kind, mode, limit, cursor, cancellationToken);
            return TypedResults.Ok(new Page<ExecutionView>([.. items.Select(ExecutionView.Summary)], next));
        }
        catch (ArgumentException ex)
        {
            return BadRequest(ex.Message);
        }
    }

    private static async Task<IResult> GetExecutionAsync(string id, IExecutionStore store, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken);
        return record is null ? NotFound($"No execution '{id}'.") : TypedResults.Ok(ExecutionView.From(record, await store.ReadJournalAsync(id, 0, cancellationToken)));
    }

    private static async Task<IResult> JournalAsync(string id, IExecutionStore store, CancellationToken cancellationToken, long after = 0)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound($"No execution '{id}'.");
        }
        var entries = await store.ReadJournalAsync(id, after, cancellationToken);
        return TypedResults.Ok(new Page<JournalEntry>(entries, null));
    }

    /// <summary>
    /// Server-Sent Events: one <c>event: journal</c> per entry (the entry as JSON, its sequence as the event id), from
    /// <c>Last-Event-ID</c> or <c>?after=</c>, until the execution has ended and every entry was sent; then <c>event: end</c>.
    /// </summary>
    private static async Task EventsAsync(string id, HttpContext http, IExecutionStore store, IOptions<JsonOptions> json, IOptions<Configuration.DrOptions> options,
        TimeProvider time, CancellationToken cancellationToken, long after = 0)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            await NotFound($"No execution '{id}'.").ExecuteAsync(http);
            return;
        }
        if (long.TryParse(http.Request.Headers["Last-Event-ID"], out var lastEventId))
        {
            after = Math.Max(after, lastEventId);
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var writer = http.Response.BodyWriter;
        var poll = TimeSpan.FromTicks(Math.Min(options.Value.Runbooks.PollInterval.Ticks, TimeSpan.FromSeconds(1).Ticks));
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read the phase first: when it is terminal, every entry written before it is in the journal read next.
            var phase = (await store.GetAsync(id, cancellationToken))!.Phase;
            foreach (var entry in await store.ReadJournalAsync(id, after, cancellationToken))
            {
                await http.Response.WriteAsync($"id: {entry.Sequence}\nevent: journal\ndata: {JsonSerializer.Serialize(entry, json.Value.SerializerOptions)}\n\n", cancellationToken);
                after = entry.Sequence;
            }
            await writer.FlushAsync(cancellationToken);
            if (phase.IsTerminal())
            {
                await http.Response.WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(new { phase }, json.Value.SerializerOptions)}\n\n", cancellationToken);
                await writer.FlushAsync(cancellationToken);
                return;
            }
            await Task.Delay(poll, time, cancellationToken);
        }
    }

    private static async Task<IResult> ListDrillsAsync(ExecutionQueries queries, CancellationToken cancellationToken,
        string? application = null, int limit = DefaultLimit, string? cursor = null) =>
        await ListExecutionsAsync(queries, cancellationToken, application, null, ExecutionMode.Drill, limit, cursor);

    private static async Task<IResult> ReportAsync(string id, DrillReports reports, CancellationToken cancellationToken) =>
        await reports.GetAsync(id, cancellationToken) is { } report ? TypedResults.Ok(report) : NotFound($"No drill '{id}'.");

    /// <summary><c>GET /api/v1/executions/{id}/report</c>: the same report for any execution, failovers and failbacks included.</summary>
    private static async Task<IResult> ExecutionReportAsync(string id, DrillReports reports, CancellationToken cancellationToken) =>
        await reports.ForExecutionAsync(id, cancellationToken) is { } report ? TypedResults.Ok(report) : NotFound($"No execution '{id}'.");
}
