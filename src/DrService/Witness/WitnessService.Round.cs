using DrService.Configuration;
using DrService.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace DrService.Witness;

public sealed partial class WitnessService
{
    /// <summary>One round for one application (what the timer runs; tests call it directly). Returns the verdict.</summary>
    public async Task<WitnessAssessment> ProbeRoundAsync(string application, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Applications.TryGetValue(application, out var app) || app.Probes.Primary is null)
        {
            return new WitnessAssessment(WitnessVerdict.Unknown, $"'{application}' has no Probes:Primary.");
        }
        var probes = app.Probes;
        var state = board.For(application);
        await LoadAsync(state, cancellationToken);

        var primary = prober.ProbeAsync(probes.Primary, probes.Timeout, cancellationToken);
        var secondary = probes.Secondary is null ? null : prober.ProbeAsync(probes.Secondary, probes.Timeout, cancellationToken);
        state.Primary = WitnessEvaluator.Observe(state.Primary, await primary, probes.Threshold);
        state.Secondary = secondary is null ? EndpointState.NotProbed : WitnessEvaluator.Observe(state.Secondary, await secondary, probes.Threshold);

        var observed = new List<Condition>
        {
            WitnessConditions.For(application, WitnessConditions.PrimarySubject, WitnessConditions.PrimaryReachable, probes.Primary, state.Primary, probes.Threshold),
        };
        if (probes.Secondary is not null)
        {
            observed.Add(WitnessConditions.For(application, WitnessConditions.SecondarySubject, WitnessConditions.SecondaryReachable, probes.Secondary, state.Secondary, probes.Threshold));
        }
        await conditions.ApplyAsync(WitnessConditions.Monitor, application, observed, cancellationToken);

        var route53Conditions = await conditions.ListAsync(application, cancellationToken);
        var route53 = WitnessConditions.Route53(route53Conditions);
        var assessment = WitnessEvaluator.Evaluate(state.Primary.Status, state.Secondary.Status, route53, app.AutoFailover.RequireRoute53Agreement);
        await RecordAsync(state, assessment, route53, cancellationToken);
        await ConsiderFailoverAsync(state, app.AutoFailover, cancellationToken);
        return assessment;
    }

    private async Task LoadAsync(ApplicationWitness state, CancellationToken cancellationToken)
    {
        if (state.Loaded)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        state.Current = await db.Verdicts.AsNoTracking().Where(v => v.Application == state.Application)
            .OrderByDescending(v => v.At).ThenByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        state.Loaded = true;
    }

    private async Task RecordAsync(ApplicationWitness state, WitnessAssessment assessment, Route53Opinion route53, CancellationToken cancellationToken)
    {
        var previous = state.Verdict;
        if (state.Current is not null && previous == assessment.Verdict)
        {
            return;
        }
        if (state.Current is null && assessment.Verdict == WitnessVerdict.Unknown)
        {
            return; // nothing known yet and nothing was known before: no row
        }
        var record = new VerdictRecord
        {
            Application = state.Application,
            At = time.GetUtcNow(),
            Verdict = assessment.Verdict,
            PrimaryUp = ToBool(state.Primary.Status),
            SecondaryUp = ToBool(state.Secondary.Status),
            Route53PrimaryHealthy = route53 switch { Route53Opinion.Healthy => true, Route53Opinion.Unhealthy => false, _ => null },
            Detail = assessment.Detail,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Verdicts.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        state.Current = record;
        LogVerdictChanged(logger, state.Application, previous, assessment.Verdict, assessment.Detail);
    }

    private async Task ConsiderFailoverAsync(ApplicationWitness state, AutoFailoverOptions autoFailover, CancellationToken cancellationToken)
    {
        var history = state.Current is null ? [] : new[] { state.Current };
        var decision = AutoFailoverPolicy.Decide(history, autoFailover, time.GetUtcNow(), state.TriggeredFor);
        if (!decision.Start || decision.DownSince is not { } since)
        {
            return;
        }
        // Marked before the call: a failed request is logged for a human, never repeated every round.
        state.TriggeredFor = since;
        var key = FailoverDecision.KeyFor(state.Application, since);
        try
        {
            await trigger.RequestFailoverAsync(new FailoverRequest(state.Application, key, since, decision.Reason), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTriggerFailed(logger, ex, state.Application, key);
        }
    }

    private static bool? ToBool(EndpointStatus status) => status switch
    {
        EndpointStatus.Up => true,
        EndpointStatus.Down => false,
        _ => null,
    };
}
