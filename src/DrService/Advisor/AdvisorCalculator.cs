using DrService.Configuration;

namespace DrService.Advisor;

/// <summary>
/// The advice, pure: every tier's cost, expected RTO and RPO, whether it meets the application's targets; the
/// cheapest tier that meets them (or none, with the closest); and what stricter targets would cost.
/// </summary>
public static class AdvisorCalculator
{
    /// <summary>Tiers from the cheapest design to the most expensive; ties in cost keep this order.</summary>
    public static readonly IReadOnlyList<ApplicationTier> Tiers = [ApplicationTier.B, ApplicationTier.PilotLight, ApplicationTier.A];

    public static ApplicationAdvice Evaluate(AdvisorInputs inputs, PricingOptions pricing, AdvisorOptions options, IFailoverRunbookShapes shapes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapes);
        var app = inputs.App;
        var tiers = Tiers.Select(tier =>
        {
            var shape = shapes.Failover(inputs.Application, tier);
            return new TierFigures(tier, CostModel.For(tier, inputs, pricing), RecoveryModel.Rto(tier, inputs, shape, options), RecoveryModel.Rpo(tier, inputs, shape));
        }).ToList();

        var recommendation = Recommend(tiers, app.Rto, app.Rpo);
        var rows = tiers.Select(t => new AdvisorRow(
            inputs.Application, t.Tier, t.Tier == app.Tier, t.Cost, t.Rto, t.Rpo,
            Meets(t.Rto, app.Rto), Meets(t.Rpo, app.Rpo), t.Meets(app.Rto, app.Rpo), recommendation.Tier == t.Tier)).ToList();
        var baseline = tiers.Single(t => t.Tier == (recommendation.Tier ?? app.Tier));
        var stricter = Scenarios(app.Rto, app.Rpo).Select(s =>
        {
            var pick = Recommend(tiers, s.Rto, s.Rpo);
            var figures = pick.Tier is { } tier ? tiers.Single(t => t.Tier == tier) : null;
            var note = figures is null ? pick.Reason
                : $"{figures.Tier} instead of {baseline.Tier}" + (figures.Cost.Complete && baseline.Cost.Complete ? "" : " (some items unpriced: lower bounds)");
            return new StricterTarget(s.Name, s.Rto.TotalSeconds, s.Rpo.TotalSeconds, pick.Tier, figures?.Cost.Monthly,
                figures is null ? null : figures.Cost.Monthly - baseline.Cost.Monthly, note);
        }).ToList();
        return new ApplicationAdvice(inputs.Application, app.Tier, app.Rto.TotalSeconds, app.Rpo.TotalSeconds, rows, recommendation, stricter, inputs.Sizes, now);
    }

    /// <summary>The cheapest tier meeting both targets; else none, naming the tier whose worse ratio to its target is smallest.</summary>
    public static Recommendation Recommend(IReadOnlyList<TierFigures> tiers, TimeSpan rto, TimeSpan rpo)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var meeting = tiers.Where(t => t.Meets(rto, rpo)).OrderBy(t => t.Cost.Monthly).ThenBy(t => Rank(t.Tier)).FirstOrDefault();
        if (meeting is not null)
        {
            var others = tiers.Count(t => t.Meets(rto, rpo)) - 1;
            return new Recommendation(meeting.Tier, meeting.Tier,
                others > 0 ? $"the cheapest of {others + 1} tiers that meet the targets" : "the only tier that meets the targets");
        }
        var closest = tiers.Where(t => t.Rto.Seconds is not null && t.Rpo.Seconds is not null)
            .OrderBy(t => Math.Max(t.Rto.Seconds!.Value / rto.TotalSeconds, t.Rpo.Seconds!.Value / rpo.TotalSeconds))
            .ThenBy(t => t.Cost.Monthly).FirstOrDefault();
        return new Recommendation(null, closest?.Tier, closest is null
            ? "none meets the targets (no tier has both an RTO and an RPO)"
            : $"none meets the targets; the closest is {closest.Tier} (RTO {RecoveryModel.Format(TimeSpan.FromSeconds(closest.Rto.Seconds!.Value))}, RPO {RecoveryModel.Format(TimeSpan.FromSeconds(closest.Rpo.Seconds!.Value))})");
    }

    /// <summary>RTO halved, RPO halved, both halved, and a 15-minute RTO.</summary>
    public static IReadOnlyList<(string Name, TimeSpan Rto, TimeSpan Rpo)> Scenarios(TimeSpan rto, TimeSpan rpo) =>
    [
        ("RTO halved", rto / 2, rpo),
        ("RPO halved", rto, rpo / 2),
        ("RTO and RPO halved", rto / 2, rpo / 2),
        ("RTO 15 minutes", TimeSpan.FromMinutes(15), rpo),
    ];

    private static bool Meets(Expectation expectation, TimeSpan target) => expectation.Seconds is { } s && s <= target.TotalSeconds;

    private static int Rank(ApplicationTier tier) => tier switch
    {
        ApplicationTier.B => 0,
        ApplicationTier.PilotLight => 1,
        _ => 2,
    };

    /// <summary>One tier's figures before they are compared with a target.</summary>
    public sealed record TierFigures(ApplicationTier Tier, CostBreakdown Cost, Expectation Rto, Expectation Rpo)
    {
        public bool Meets(TimeSpan rto, TimeSpan rpo) => AdvisorCalculator.Meets(Rto, rto) && AdvisorCalculator.Meets(Rpo, rpo);
    }
}
