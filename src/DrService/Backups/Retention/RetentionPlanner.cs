using System.Globalization;
using DrService.Backups.Model;

namespace DrService.Backups.Retention;

/// <summary>
/// Decides which DR copies of one protected resource to keep and which to delete. Pure and deterministic: no clock,
/// no AWS, the same input gives the same plan.
/// </summary>
/// <remarks>
/// <para>A copy is kept when <b>any</b> rule keeps it; only a copy that no rule keeps is deleted.</para>
/// <para><b>Never deleted</b>, whatever the rules say, and not counted by them: a copy not owned by DrService
/// ("not owned by DrService: never deleted") and a copy that is not <see cref="ArtifactState.Available"/>
/// ("not available (Pending): left alone"; likewise Failed and Deleting: another component deals with those).
/// <b>Never deleted</b> but ranked like any other owned available copy: a pinned copy ("pinned") and one a running
/// drill or failover holds ("held by a running drill or failover").</para>
/// <para>The rules rank the owned available copies newest first by <see cref="RetentionCandidate.SourceCreatedAt"/>
/// (equal times: by <see cref="RetentionCandidate.Id"/>, ordinal ascending, the first counting as the newer):</para>
/// <list type="number">
/// <item><b>KeepLast</b>: the newest <see cref="RetentionPolicy.KeepLast"/> ("newest 7").</item>
/// <item><b>KeepFor</b>: every copy whose age at <c>now</c> is less than <see cref="RetentionPolicy.KeepFor"/>
/// ("younger than 7.00:00:00").</item>
/// <item><b>Grandfather-father-son</b>, on the UTC calendar: for each of the last <see cref="RetentionPolicy.Daily"/>
/// days counting today, the newest copy taken that day ("daily 2026-11-27"); for each of the last
/// <see cref="RetentionPolicy.Weekly"/> ISO 8601 weeks (Monday to Sunday; a week spanning a year end belongs to the
/// ISO year of its Thursday) counting this one, the newest copy taken that week ("weekly 2026-W47"); for each of the
/// last <see cref="RetentionPolicy.Monthly"/> calendar months counting this one, the newest copy taken that month
/// ("monthly 2026-11"). A period without a copy keeps nothing extra and still counts as one of the N: GFS never reaches
/// further back to make up for a gap.</item>
/// <item><b>The floor</b>: the newest <see cref="RetentionPolicy.MinimumKeep"/> are always kept, so that the old copies
/// of a resource whose copying has stopped do not all age out. Its reason ("floor: newest 2 available") is given only
/// to a copy that nothing else keeps.</item>
/// </list>
/// <para>A copy to delete gets one reason naming every enabled rule it fell outside of. Planning the survivors of a
/// plan again deletes nothing more.</para>
/// </remarks>
public static partial class RetentionPlanner
{
    /// <summary>
    /// The decision for each of <paramref name="copiesOfOneResource"/>, newest first (ties by id).
    /// </summary>
    /// <exception cref="ArgumentException">Two candidates share an id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or <c>KeepFor</c> is negative, or the floor is below 1.</exception>
    public static IReadOnlyList<RetentionDecision> Plan(
        RetentionPolicy policy,
        IReadOnlyCollection<RetentionCandidate> copiesOfOneResource,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(copiesOfOneResource);
        policy.Validate();
        var ordered = copiesOfOneResource
            .OrderByDescending(c => c.SourceCreatedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var duplicate = ordered.GroupBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Copy '{duplicate.Key}' appears more than once.", nameof(copiesOfOneResource));
        }

        var ranked = ordered.Where(c => c.IsRanked).ToList();
        var calendar = new Calendar(policy, now);
        var periodWinners = calendar.NewestPerPeriod(ranked);
        var rankOf = ranked.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var decisions = new List<RetentionDecision>(ordered.Count);
        foreach (var candidate in ordered)
        {
            var reasons = Protections(candidate);
            if (rankOf.TryGetValue(candidate.Id, out var rank))
            {
                reasons.AddRange(RuleReasons(policy, candidate, rank, now, periodWinners));
                if (reasons.Count == 0 && rank < policy.MinimumKeep)
                {
                    reasons.Add(Invariant($"floor: newest {policy.MinimumKeep} available"));
                }
            }

            decisions.Add(reasons.Count > 0
                ? new RetentionDecision(candidate, Keep: true, reasons)
                : new RetentionDecision(candidate, Keep: false, [DeletionReason(policy, candidate, rank, calendar)]));
        }

        return decisions;
    }

    private static List<string> Protections(RetentionCandidate candidate)
    {
        var reasons = new List<string>();
        if (!candidate.Owned)
        {
            reasons.Add("not owned by DrService: never deleted");
        }

        if (candidate.State != ArtifactState.Available)
        {
            reasons.Add(Invariant($"not available ({candidate.State}): left alone"));
        }

        if (candidate.Pinned)
        {
            reasons.Add("pinned");
        }

        if (candidate.Held)
        {
            reasons.Add("held by a running drill or failover");
        }

        return reasons;
    }

    private static IEnumerable<string> RuleReasons(
        RetentionPolicy policy,
        RetentionCandidate candidate,
        int rank,
        DateTimeOffset now,
        Dictionary<string, List<string>> periodWinners)
    {
        if (rank < policy.KeepLast)
        {
            yield return Invariant($"newest {policy.KeepLast}");
        }

        if (now - candidate.SourceCreatedAt < policy.KeepFor)
        {
            yield return Invariant($"younger than {policy.KeepFor:c}");
        }

        if (periodWinners.TryGetValue(candidate.Id, out var periods))
        {
            foreach (var period in periods)
            {
                yield return period;
            }
        }
    }

    private static string DeletionReason(RetentionPolicy policy, RetentionCandidate candidate, int rank, Calendar calendar)
    {
        var outside = new List<string>();
        if (policy.KeepLast > 0)
        {
            outside.Add(Invariant($"not among the newest {policy.KeepLast} (it is #{rank + 1})"));
        }

        if (policy.KeepFor > TimeSpan.Zero)
        {
            outside.Add(Invariant($"not younger than {policy.KeepFor:c}"));
        }

        outside.AddRange(calendar.Misses(candidate));
        outside.Add(Invariant($"beyond the floor of the newest {policy.MinimumKeep} available"));
        return "delete: " + string.Join("; ", outside);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
