using DrService.Backups.Retention;

namespace DrService.Tests.Backups.Retention;

internal static class RetentionPlanAssert
{
    /// <summary>Every rule off; the floor at 1 (the least the planner accepts).</summary>
    public static readonly RetentionPolicy Off = new(0, TimeSpan.Zero, 0, 0, 0, 1);

    /// <summary>The shipped defaults: 7 / 7 days / 7 daily / 4 weekly / 6 monthly / floor 2.</summary>
    public static readonly RetentionPolicy Default = new(7, TimeSpan.FromDays(7), 7, 4, 6, 2);

    public static IReadOnlyList<string> KeptIds(this IReadOnlyList<RetentionDecision> plan) =>
        plan.Where(d => d.Keep).Select(d => d.Candidate.Id).ToList();

    public static IReadOnlyList<string> DeletedIds(this IReadOnlyList<RetentionDecision> plan) =>
        plan.Where(d => !d.Keep).Select(d => d.Candidate.Id).ToList();

    public static RetentionDecision For(this IReadOnlyList<RetentionDecision> plan, string id) =>
        Assert.Single(plan, d => d.Candidate.Id == id);

    public static IReadOnlyList<string> ReasonsFor(this IReadOnlyList<RetentionDecision> plan, string id) =>
        plan.For(id).Reasons;

    public static string[] Ids(params string[] times) => times.Select(CandidateBuilder.IdFor).ToArray();
}
