using DrService.Configuration;

namespace DrService.Advisor;

/// <summary>One priced line of a tier's monthly cost: quantity × unit price.</summary>
public sealed record CostLine(string Item, double Quantity, string Unit, decimal UnitPrice, decimal Monthly);

/// <summary>Something the price table cannot price (an unknown instance type, a bucket without a size): left out of the total, never priced as zero.</summary>
public sealed record UnpricedItem(string Item, string Reason);

/// <summary>A tier's estimated monthly cost; <see cref="Complete"/> false when some items are unpriced (the total is then a lower bound).</summary>
public sealed record CostBreakdown(decimal Monthly, string Currency, bool Complete, IReadOnlyList<CostLine> Lines, IReadOnlyList<UnpricedItem> Unpriced);

/// <summary>An expected RTO or RPO: "estimated" (with how) or "measured (drill X at T)".</summary>
public sealed record Expectation(double? Seconds, string Source, string Detail);

/// <summary>One row of the advisor: an application in one tier.</summary>
public sealed record AdvisorRow(
    string Application,
    ApplicationTier Tier,
    bool Current,
    CostBreakdown Cost,
    Expectation Rto,
    Expectation Rpo,
    bool MeetsRto,
    bool MeetsRpo,
    bool MeetsTargets,
    bool Recommended);

/// <summary>What the advisor recommends: the cheapest tier meeting the targets, or none (then the closest).</summary>
public sealed record Recommendation(ApplicationTier? Tier, ApplicationTier? Closest, string Reason);

/// <summary>"What a stricter target would cost": the tier that would meet it and the monthly cost against today's recommendation.</summary>
public sealed record StricterTarget(string Scenario, double RtoSeconds, double RpoSeconds, ApplicationTier? Tier, decimal? Monthly, decimal? MonthlyDelta, string Note);

/// <summary>The advice for one application: every tier, the recommendation, the stricter-target table and the sizes read.</summary>
public sealed record ApplicationAdvice(
    string Application,
    ApplicationTier CurrentTier,
    double RtoTargetSeconds,
    double RpoTargetSeconds,
    IReadOnlyList<AdvisorRow> Rows,
    Recommendation Recommendation,
    IReadOnlyList<StricterTarget> Stricter,
    ApplicationSizes Sizes,
    DateTimeOffset EvaluatedAt);
