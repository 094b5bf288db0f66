using DrService.Configuration;
using DrService.Monitoring;
using Microsoft.Extensions.Options;

namespace DrService.Witness;

/// <summary><c>/api/v1/witness/{application}</c>: the current verdict, the probe (and Route 53) conditions, and the verdict history, paged.</summary>
public static class WitnessEndpoints
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapDrWitness(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/witness").WithTags("Witness").MapGet("/{application}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(
        string application, WitnessService witness, ConditionStore conditions, IOptionsMonitor<DrOptions> options,
        CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (!options.CurrentValue.Applications.ContainsKey(application))
        {
            return TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);
        }
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var (total, history) = await witness.HistoryAsync(application, (page - 1) * pageSize, pageSize, cancellationToken);
        var newest = page == 1 ? First(history) : First((await witness.HistoryAsync(application, 0, 1, cancellationToken)).Page);
        var probeConditions = (await conditions.ListAsync(application, cancellationToken))
            .Where(c => c.Monitor == WitnessConditions.Monitor || c.Type == WitnessConditions.Route53PrimaryHealthy)
            .Select(c => new WitnessCondition(c.Subject, c.Type, c.Status.ToString(), c.Severity.ToString(), c.Reason, c.Message, c.Value, c.LastTransitionAt, c.ObservedAt));
        return TypedResults.Ok(new WitnessStatus(
            application,
            (newest?.Verdict ?? WitnessVerdict.Unknown).ToString(),
            newest?.At,
            newest?.Detail ?? "No verdict yet.",
            [.. probeConditions],
            new VerdictPage(page, pageSize, total, [.. history.Select(VerdictEntry.From)])));
    }

    private static VerdictRecord? First(IReadOnlyList<VerdictRecord> records) => records.Count > 0 ? records[0] : null;
}

public sealed record WitnessStatus(string Application, string Verdict, DateTimeOffset? Since, string Detail, IReadOnlyList<WitnessCondition> Conditions, VerdictPage History);

public sealed record WitnessCondition(string Subject, string Type, string Status, string Severity, string Reason, string Message, double? Value, DateTimeOffset LastTransitionAt, DateTimeOffset ObservedAt);

public sealed record VerdictPage(int Page, int PageSize, int Total, IReadOnlyList<VerdictEntry> Items);

public sealed record VerdictEntry(DateTimeOffset At, string Verdict, bool? PrimaryUp, bool? SecondaryUp, bool? Route53PrimaryHealthy, string Detail)
{
    public static VerdictEntry From(VerdictRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.At, r.Verdict.ToString(), r.PrimaryUp, r.SecondaryUp, r.Route53PrimaryHealthy, r.Detail);
    }
}
