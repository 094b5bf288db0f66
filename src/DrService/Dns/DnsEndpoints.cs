using DrService.Api.Auth;
using DrService.Aws.Route53;

namespace DrService.Dns;

/// <summary>
/// <c>/api/v1/dns</c>: an application's failover records and health check as Route 53 holds them, the dry run with
/// its diffs, and apply (operators; audited with the caller's name).
/// </summary>
public static class DnsEndpoints
{
    public static IEndpointRouteBuilder MapDrDns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dns").WithTags("DNS");
        group.MapGet("/{application}", GetAsync);
        group.MapGet("/{application}/plan", PlanAsync);
        group.MapPost("/{application}/apply", ApplyAsync).RequireAuthorization(DrPolicies.Operator);
        return app;
    }

    private static async Task<IResult> GetAsync(string application, DnsFailoverReconciler reconciler, CancellationToken cancellationToken)
    {
        var plan = await reconciler.PlanAsync(application, cancellationToken);
        return plan is null ? NotFound(application) : TypedResults.Ok(new DnsCurrentState(application, [.. plan.Records.Select(DnsRecordState.From)]));
    }

    private static async Task<IResult> PlanAsync(string application, DnsFailoverReconciler reconciler, CancellationToken cancellationToken)
    {
        var plan = await reconciler.PlanAsync(application, cancellationToken);
        return plan is null ? NotFound(application) : TypedResults.Ok(DnsPlanView.From(plan));
    }

    private static async Task<IResult> ApplyAsync(string application, HttpContext context, DnsFailoverReconciler reconciler, CancellationToken cancellationToken)
    {
        var plan = await reconciler.PlanAsync(application, cancellationToken);
        if (plan is null)
        {
            return NotFound(application);
        }
        var result = await reconciler.ApplyAsync(application, plan, Actor.Of(context), cancellationToken);
        return TypedResults.Ok(new { Plan = DnsPlanView.From(plan), result.Succeeded, result.Steps });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string application) =>
        TypedResults.Problem(title: "Unknown application", detail: $"No application '{application}' in DrService:Applications.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>GET /api/v1/dns/{application}: what Route 53 holds for each configured record set.</summary>
public sealed record DnsCurrentState(string Application, IReadOnlyList<DnsRecordState> Records);

public sealed record DnsRecordState(
    string Subject, string? ZoneId, string? ZoneProblem, ResourceRecordSet? Primary, ResourceRecordSet? Secondary, HealthCheck? HealthCheck)
{
    public static DnsRecordState From(DnsRecordPlan r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Subject, r.ZoneId, r.ZoneProblem, r.CurrentPrimary, r.CurrentSecondary, r.HealthCheck);
    }
}

/// <summary>
/// The dry run as the API shows it: per record set, each part's state and the actions with readable diffs.
/// <see cref="State"/> is <c>InSync</c> only when every part was read and matches; a part that could not be read
/// (Route 53 unreachable, AccessDenied, throttled, the zone missing) makes it <c>Unknown</c> with the reasons in
/// <see cref="Unknown"/>, however empty the plan: unknown is never green. <see cref="InSync"/> is <c>State == InSync</c>.
/// </summary>
public sealed record DnsPlanView(string Application, bool InSync, string State, IReadOnlyList<string> Unknown, IReadOnlyList<DnsRecordPlanView> Records)
{
    public static DnsPlanView From(DnsPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var unknown = plan.Records.SelectMany(UnknownReasons).ToList();
        var state = unknown.Count > 0 ? "Unknown" : plan.IsEmpty ? "InSync" : "Drift";
        return new(plan.Application, state == "InSync", state, unknown, [.. plan.Records.Select(r => new DnsRecordPlanView(
            r.Subject, r.ZoneId, r.ZoneProblem, r.HealthCheckState, r.Primary, r.Secondary,
            [.. r.Actions.Select(a => new DnsActionView(a.Kind, a.Target, a.Reason, [.. a.Diff.Select(d => d.ToString())]))]))]);
    }

    private static IEnumerable<string> UnknownReasons(DnsRecordPlan r)
    {
        if (r.ZoneProblem is { Length: > 0 } zone)
        {
            yield return $"{r.Subject}: {zone} {r.ZoneProblemMessage}".TrimEnd();
        }
        foreach (var (part, component) in new[] { ("health check", r.HealthCheckState), ("PRIMARY", r.Primary), ("SECONDARY", r.Secondary) })
        {
            if (component.State == DnsState.Unknown)
            {
                yield return $"{r.Subject} {part}: {component.Message}";
            }
        }
    }
}

public sealed record DnsRecordPlanView(
    string Subject, string? ZoneId, string? ZoneProblem, DnsComponent HealthCheck, DnsComponent Primary, DnsComponent Secondary, IReadOnlyList<DnsActionView> Actions);

public sealed record DnsActionView(DnsActionKind Kind, string Target, DnsState Reason, IReadOnlyList<string> Diff);
