using DrService.Backups.Retention;
using static DrService.Tests.Backups.Retention.RetentionPlanAssert;

namespace DrService.Tests.Backups.Retention;

/// <summary>Each rule alone, then their union. Every rule is off unless named; the floor is 1.</summary>
public sealed class RetentionPlannerRuleTests
{
    private static readonly DateTimeOffset Now = CandidateBuilder.Time("2026-11-28T22:00:00Z");

    /// <summary>One copy a day at 21:00 UTC, 2026-11-19 to 2026-11-28 (ten copies).</summary>
    private static readonly List<RetentionCandidate> TenDaily =
        CandidateBuilder.Every(TimeSpan.FromDays(1), "2026-11-19T21:00Z", "2026-11-28T21:00Z");

    [Fact]
    public void Plan_NoCopies_ReturnsAnEmptyPlan()
    {
        Assert.Empty(RetentionPlanner.Plan(Default, [], Now));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(10, 10)]
    [InlineData(12, 10)]
    public void Plan_KeepLastOnly_KeepsTheNewestN(int keepLast, int expectedKept)
    {
        var plan = RetentionPlanner.Plan(Off with { KeepLast = keepLast }, TenDaily, Now);

        Assert.Equal(TenDaily.OrderByDescending(c => c.SourceCreatedAt).Take(expectedKept).Select(c => c.Id), plan.KeptIds());
        Assert.All(plan.Where(d => d.Keep), d => Assert.Equal([$"newest {keepLast}"], d.Reasons));
    }

    [Theory]
    [InlineData(24, 4)] // ages 1, 7, 13, 19 h; the copy exactly 25 h old is out
    [InlineData(25, 4)] // a copy aged exactly KeepFor is not younger than it
    [InlineData(26, 5)]
    [InlineData(240, 40)]
    public void Plan_KeepForOnly_KeepsCopiesYoungerThanKeepFor(int keepForHours, int expectedKept)
    {
        var copies = CandidateBuilder.Every(TimeSpan.FromHours(6), "2026-11-19T03:00Z", "2026-11-28T21:00Z");
        var keepFor = TimeSpan.FromHours(keepForHours);

        var plan = RetentionPlanner.Plan(Off with { KeepFor = keepFor }, copies, Now);

        Assert.Equal(expectedKept, plan.KeptIds().Count);
        Assert.All(plan.Where(d => d.Keep), d =>
        {
            Assert.True(Now - d.Candidate.SourceCreatedAt < keepFor);
            Assert.Equal([$"younger than {keepFor:c}"], d.Reasons);
        });
    }

    [Fact]
    public void Plan_DailyOnly_KeepsTheNewestCopyOfEachOfTheLastDaysCountingToday()
    {
        var copies = CandidateBuilder.Every(TimeSpan.FromHours(6), "2026-11-19T03:00Z", "2026-11-28T21:00Z");

        var plan = RetentionPlanner.Plan(Off with { Daily = 3 }, copies, Now);

        Assert.Equal(Ids("2026-11-28T21:00Z", "2026-11-27T21:00Z", "2026-11-26T21:00Z"), plan.KeptIds());
        Assert.Equal(["daily 2026-11-27"], plan.ReasonsFor(CandidateBuilder.IdFor("2026-11-27T21:00Z")));
    }

    [Fact]
    public void Plan_DailyWithADayWithoutCopies_TheEmptyDayStillCountsAndNothingOlderIsKept()
    {
        var copies = TenDaily.Where(c => c.SourceCreatedAt.Day != 27).ToList();

        var plan = RetentionPlanner.Plan(Off with { Daily = 3 }, copies, Now);

        Assert.Equal(Ids("2026-11-28T21:00Z", "2026-11-26T21:00Z"), plan.KeptIds());
    }

    [Fact]
    public void Plan_DailyWithOffsetTimes_UsesTheUtcCalendar()
    {
        // 08:00 at +10:00 on the 28th is 22:00 UTC on the 27th; 23:30 at -05:00 on the 26th is 04:30 UTC on the 27th.
        RetentionCandidate[] copies =
        [
            CandidateBuilder.At("2026-11-28T08:00+10:00").WithId("a").Build(),
            CandidateBuilder.At("2026-11-26T23:30-05:00").WithId("b").Build(),
            CandidateBuilder.At("2026-11-26T20:00Z").WithId("c").Build(),
        ];

        var plan = RetentionPlanner.Plan(Off with { Daily = 3 }, copies, Now);

        Assert.Equal(["a", "c"], plan.KeptIds());
        Assert.Equal(["daily 2026-11-27"], plan.ReasonsFor("a"));
        Assert.Equal(["daily 2026-11-26"], plan.ReasonsFor("c"));
    }

    [Fact]
    public void Plan_WeeklyAcrossAYearEnd_KeepsTheNewestOfEachIsoWeek()
    {
        // 2027-01-06 is a Wednesday of 2027-W01; 2026-W53 runs Monday 2026-12-28 to Sunday 2027-01-03.
        var now = CandidateBuilder.Time("2027-01-06T18:00Z");
        var copies = CandidateBuilder.Every(TimeSpan.FromDays(1), "2026-12-10T12:00Z", "2027-01-06T12:00Z");

        var plan = RetentionPlanner.Plan(Off with { Weekly = 3 }, copies, now);

        Assert.Equal(Ids("2027-01-06T12:00Z", "2027-01-03T12:00Z", "2026-12-27T12:00Z"), plan.KeptIds());
        Assert.Equal(["weekly 2027-W01"], plan.ReasonsFor(CandidateBuilder.IdFor("2027-01-06T12:00Z")));
        Assert.Equal(["weekly 2026-W53"], plan.ReasonsFor(CandidateBuilder.IdFor("2027-01-03T12:00Z")));
        Assert.Equal(["weekly 2026-W52"], plan.ReasonsFor(CandidateBuilder.IdFor("2026-12-27T12:00Z")));
    }

    [Theory]
    [InlineData("2027-01-01T00:00Z", "2026-W53")] // a Friday: still the old ISO year
    [InlineData("2026-12-28T00:00Z", "2026-W53")]
    [InlineData("2027-01-04T00:00Z", "2027-W01")]
    [InlineData("2025-12-29T00:00Z", "2026-W01")] // a Monday of December already in the next ISO year
    [InlineData("2026-11-22T23:59Z", "2026-W47")] // Sunday night ends the week
    [InlineData("2026-11-23T00:00Z", "2026-W48")]
    public void Plan_WeeklyOnly_LabelsTheIsoWeek(string at, string week)
    {
        var copy = CandidateBuilder.At(at).Build();

        var plan = RetentionPlanner.Plan(Off with { Weekly = 1 }, [copy], copy.SourceCreatedAt);

        Assert.Equal([$"weekly {week}"], plan.ReasonsFor(copy.Id));
    }

    [Fact]
    public void Plan_MonthlyJustAfterAMonthBoundary_TheEmptyNewMonthCountsAsOneOfTheMonths()
    {
        var now = CandidateBuilder.Time("2026-12-01T01:00Z");
        var copies = CandidateBuilder.Every(TimeSpan.FromDays(1), "2026-08-15T12:00Z", "2026-11-30T12:00Z");

        var plan = RetentionPlanner.Plan(Off with { Monthly = 3 }, copies, now);

        Assert.Equal(Ids("2026-11-30T12:00Z", "2026-10-31T12:00Z"), plan.KeptIds());
        Assert.Equal(["monthly 2026-11"], plan.ReasonsFor(CandidateBuilder.IdFor("2026-11-30T12:00Z")));
        Assert.Equal(["monthly 2026-10"], plan.ReasonsFor(CandidateBuilder.IdFor("2026-10-31T12:00Z")));
    }

    [Fact]
    public void Plan_MonthlyAcrossAYearEnd_CountsDecemberAsThePreviousMonth()
    {
        var now = CandidateBuilder.Time("2027-01-02T00:00Z");
        var copies = CandidateBuilder.Every(TimeSpan.FromDays(1), "2026-10-20T12:00Z", "2027-01-01T12:00Z");

        var plan = RetentionPlanner.Plan(Off with { Monthly = 3 }, copies, now);

        Assert.Equal(Ids("2027-01-01T12:00Z", "2026-12-31T12:00Z", "2026-11-30T12:00Z"), plan.KeptIds());
        Assert.Equal(["monthly 2026-12"], plan.ReasonsFor(CandidateBuilder.IdFor("2026-12-31T12:00Z")));
    }

    [Fact]
    public void Plan_SeveralRules_KeepsTheUnionAndListsEveryReason()
    {
        var policy = new RetentionPolicy(KeepLast: 2, KeepFor: TimeSpan.FromDays(1), Daily: 3, Weekly: 0, Monthly: 2, MinimumKeep: 1);
        RetentionCandidate[] copies =
        [
            CandidateBuilder.At("2026-11-28T21:00Z").WithId("a").Build(),
            CandidateBuilder.At("2026-11-28T15:00Z").WithId("b").Build(),
            CandidateBuilder.At("2026-11-28T03:00Z").WithId("c").Build(),
            CandidateBuilder.At("2026-11-27T21:00Z").WithId("d").Build(), // 25 h old
            CandidateBuilder.At("2026-11-27T09:00Z").WithId("e").Build(),
            CandidateBuilder.At("2026-11-26T21:00Z").WithId("f").Build(),
            CandidateBuilder.At("2026-11-20T12:00Z").WithId("g").Build(),
            CandidateBuilder.At("2026-10-31T12:00Z").WithId("h").Build(),
            CandidateBuilder.At("2026-10-30T12:00Z").WithId("i").Build(),
        ];

        var plan = RetentionPlanner.Plan(policy, copies, Now);

        Assert.Equal(["newest 2", "younger than 1.00:00:00", "daily 2026-11-28", "monthly 2026-11"], plan.ReasonsFor("a"));
        Assert.Equal(["newest 2", "younger than 1.00:00:00"], plan.ReasonsFor("b"));
        Assert.Equal(["younger than 1.00:00:00"], plan.ReasonsFor("c"));
        Assert.Equal(["daily 2026-11-27"], plan.ReasonsFor("d"));
        Assert.Equal(["daily 2026-11-26"], plan.ReasonsFor("f"));
        Assert.Equal(["monthly 2026-10"], plan.ReasonsFor("h"));
        Assert.Equal(["e", "g", "i"], plan.DeletedIds());
        Assert.Equal(
            ["delete: not among the newest 2 (it is #5); not younger than 1.00:00:00; not the newest of day 2026-11-27; "
                + "not the newest of month 2026-11; beyond the floor of the newest 1 available"],
            plan.ReasonsFor("e"));
        Assert.Equal(
            ["delete: not among the newest 2 (it is #9); not younger than 1.00:00:00; day 2026-10-30 is not among the last 3 days; "
                + "not the newest of month 2026-10; beyond the floor of the newest 1 available"],
            plan.ReasonsFor("i"));
    }

    [Fact]
    public void Plan_KeepLastZeroWithOnlyKeepFor_KeepsOnlyTheYoungCopies()
    {
        var copies = CandidateBuilder.Every(TimeSpan.FromHours(12), "2026-11-24T10:00Z", "2026-11-28T22:00Z");

        var plan = RetentionPlanner.Plan(Off with { KeepFor = TimeSpan.FromDays(2) }, copies, Now);

        Assert.Equal(Ids("2026-11-28T22:00Z", "2026-11-28T10:00Z", "2026-11-27T22:00Z", "2026-11-27T10:00Z"), plan.KeptIds());
        Assert.All(plan.Where(d => !d.Keep), d => Assert.Equal(
            ["delete: not younger than 2.00:00:00; beyond the floor of the newest 1 available"], d.Reasons));
    }

    [Fact]
    public void Plan_EqualSourceTimes_BreaksTiesByIdAndReturnsNewestFirst()
    {
        RetentionCandidate[] copies =
        [
            CandidateBuilder.At("2026-11-20T12:00Z").WithId("z-old").Build(),
            CandidateBuilder.At("2026-11-28T12:00Z").WithId("b").Build(),
            CandidateBuilder.At("2026-11-28T12:00Z").WithId("a").Build(),
        ];

        var plan = RetentionPlanner.Plan(Off with { KeepLast = 1 }, copies, Now);

        Assert.Equal(["a", "b", "z-old"], plan.Select(d => d.Candidate.Id));
        Assert.Equal(["a"], plan.KeptIds());
    }

    [Fact]
    public void Plan_TheSameIdTwice_Throws()
    {
        RetentionCandidate[] copies =
        [
            CandidateBuilder.At("2026-11-28T12:00Z").WithId("a").Build(),
            CandidateBuilder.At("2026-11-27T12:00Z").WithId("a").Build(),
        ];

        var error = Assert.Throws<ArgumentException>(() => RetentionPlanner.Plan(Default, copies, Now));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<RetentionPolicy> InvalidPolicies => new()
    {
        Default with { KeepLast = -1 },
        Default with { KeepFor = TimeSpan.FromSeconds(-1) },
        Default with { Daily = -1 },
        Default with { Weekly = -1 },
        Default with { Monthly = -1 },
        Default with { MinimumKeep = 0 },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void Plan_InvalidPolicy_Throws(RetentionPolicy policy)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetentionPlanner.Plan(policy, TenDaily, Now));
    }

    [Fact]
    public void Plan_HugeCounts_KeepEverythingWithoutOverflowing()
    {
        var policy = new RetentionPolicy(0, TimeSpan.Zero, int.MaxValue, int.MaxValue, int.MaxValue, 1);

        var plan = RetentionPlanner.Plan(policy, TenDaily, Now);

        Assert.All(plan, d => Assert.True(d.Keep));
    }
}
