using System.Globalization;
using DrService.Backups.Retention;
using static DrService.Tests.Backups.Retention.RetentionPlanAssert;

namespace DrService.Tests.Backups.Retention;

/// <summary>The default policy (7 / 7 days / 7 daily / 4 weekly / 6 monthly / floor 2) over a realistic history.</summary>
public sealed class RetentionPlannerHistoryTests
{
    /// <summary>A Saturday of ISO week 2026-W48.</summary>
    private static readonly DateTimeOffset Now = CandidateBuilder.Time("2026-11-28T21:00:00Z");

    /// <summary>Every 4 hours (00:00 to 20:00 UTC) for the 90 days 2026-08-31 to 2026-11-28: 540 copies.</summary>
    private static readonly List<RetentionCandidate> NinetyDays =
        CandidateBuilder.Every(TimeSpan.FromHours(4), "2026-08-31T00:00Z", "2026-11-28T20:00Z");

    /// <summary>The last copy of each day; the Sundays ending ISO weeks 45 to 47 and today end the weeks kept.</summary>
    private static readonly Dictionary<string, string> WeekOfLastCopy = new()
    {
        ["2026-11-28"] = "2026-W48",
        ["2026-11-22"] = "2026-W47",
        ["2026-11-15"] = "2026-W46",
        ["2026-11-08"] = "2026-W45",
    };

    private static readonly Dictionary<string, string> MonthOfLastCopy = new()
    {
        ["2026-11-28"] = "2026-11",
        ["2026-10-31"] = "2026-10",
        ["2026-09-30"] = "2026-09",
        ["2026-08-31"] = "2026-08",
    };

    [Fact]
    public void Plan_NinetyDaysOfFourHourlyCopiesWithTheDefaultPolicy_KeepsFortySevenForTheRightReasons()
    {
        Assert.Equal(540, NinetyDays.Count);

        var plan = RetentionPlanner.Plan(Default, NinetyDays, Now);

        // 42 copies younger than 7 days (2026-11-22 00:00 onwards; they include the newest 7 and the 7 dailies),
        // the weekly copies of W46 and W45, and the monthly copies of October, September and August (July and June
        // have none and still count among the 6 months).
        Assert.Equal(47, plan.KeptIds().Count);
        Assert.Equal(540 - 47, plan.DeletedIds().Count);
        for (var rank = 0; rank < plan.Count; rank++)
        {
            var decision = plan[rank];
            var expected = ExpectedReasons(decision.Candidate.SourceCreatedAt, rank);
            Assert.True(
                expected.Count > 0 == decision.Keep,
                $"{decision.Candidate.Id}: keep {decision.Keep}, expected reasons [{string.Join(", ", expected)}]");
            if (decision.Keep)
            {
                Assert.Equal(expected, decision.Reasons);
            }
            else
            {
                Assert.StartsWith("delete: not among the newest 7", Assert.Single(decision.Reasons), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Plan_NinetyDaysWithTheDefaultPolicy_ExplainsADeletionByEveryRule()
    {
        var plan = RetentionPlanner.Plan(Default, NinetyDays, Now);

        Assert.Equal(
            ["delete: not among the newest 7 (it is #61); not younger than 7.00:00:00; "
                + "day 2026-11-18 is not among the last 7 days; not the newest of ISO week 2026-W47; "
                + "not the newest of month 2026-11; beyond the floor of the newest 2 available"],
            plan.ReasonsFor(CandidateBuilder.IdFor("2026-11-18T20:00Z")));
    }

    /// <summary>Worked out from the shape of the history, independently of the planner.</summary>
    private static List<string> ExpectedReasons(DateTimeOffset at, int rank)
    {
        var day = at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lastOfDay = at.Hour == 20;
        var reasons = new List<string>();
        if (rank < 7)
        {
            reasons.Add("newest 7");
        }

        if (at > Now.AddDays(-7))
        {
            reasons.Add("younger than 7.00:00:00");
        }

        if (lastOfDay && string.CompareOrdinal(day, "2026-11-22") >= 0)
        {
            reasons.Add($"daily {day}");
        }

        if (lastOfDay && WeekOfLastCopy.TryGetValue(day, out var week))
        {
            reasons.Add($"weekly {week}");
        }

        if (lastOfDay && MonthOfLastCopy.TryGetValue(day, out var month))
        {
            reasons.Add($"monthly {month}");
        }

        return reasons;
    }
}
