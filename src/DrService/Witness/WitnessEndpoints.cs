using DrService.Api;
using DrService.Configuration;
using DrService.Monitoring;
using Microsoft.Extensions.Options;

namespace DrService.Witness;

/// <summary><c>/api/v1/witness/{application}</c>: the current verdict, the probe (and Route 53) conditions, and the verdict history, paged by <c>?limit=&amp;cursor=</c>.</summary>
public static class WitnessEndpoints
{
    public static IEndpointRouteBuilder MapDrWitness(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/witness").WithTags("Witness").MapGet("/{application}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(
        string application, WitnessService witness, ConditionStore conditions, IOptionsMonitor<DrOptions> options,
        CancellationToken cancellationToken, string? limit = null, string? cursor = null)
    {
        if (!Paging.TryRead(limit, cursor, out var page, out var problem))
        {
            return problem;
        }
        if (!page.TryOffset(out var offset))
        {
            return Paging.InvalidCursor();
        }
        if (!options.CurrentValue.Applications.ContainsKey(application))
        {
            return TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);
        }
        var (total, history) = await witness.HistoryAsync(application, offset, page.Limit, cancellationToken);
        var newest = offset == 0 ? First(history) : First((await witness.HistoryAsync(application, 0, 1, cancellationToken)).Page);
        var probeConditions = (await conditions.ListAsync(application, cancellationToken))
            .Where(c => c.Monitor == WitnessConditions.Monitor || c.Type == WitnessConditions.Route53PrimaryHealthy)
            .Select(c => new WitnessCondition(c.Subject, c.Type, c.Status.ToString(), c.Severity.ToString(), c.Reason, c.Message, c.Value, c.LastTransitionAt, c.ObservedAt));
        return TypedResults.Ok(new WitnessStatus(
            application,
            (newest?.Verdict ?? WitnessVerdict.Unknown).ToString(),
            newest?.At,
            newest?.Detail ?? "No verdict yet.",
            [.. probeConditions],
            new Page<VerdictEntry>([.. history.Select(VerdictEntry.From)],
                offset + history.Count < total ? Paging.Encode((offset + history.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null)));
    }

    private static VerdictRecord? First(IReadOnlyList<VerdictRecord> records) => records.Count > 0 ? records[0] : null;
}

public sealed record WitnessStatus(string Application, string Verdict, DateTimeOffset? Since, string Detail, IReadOnlyList<WitnessCondition> Conditions, Page<VerdictEntry> History);

public sealed record WitnessCondition(string Subject, string Type, string Status, string Severity, string Reason, string Message, double? Value, DateTimeOffset LastTransitionAt, DateTimeOffset ObservedAt);

public sealed record VerdictEntry(DateTimeOffset At, string Verdict, bool? PrimaryUp, bool? SecondaryUp, bool? Route53PrimaryHealthy, string Detail)
{
    public static VerdictEntry From(VerdictRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.At, r.Verdict.ToString(), r.PrimaryUp, r.SecondaryUp, r.Route53PrimaryHealthy, r.Detail);
    }
}
