using DrService.Backups.Model;
using DrService.Backups.Retention;
using static DrService.Tests.Backups.Retention.RetentionPlanAssert;

namespace DrService.Tests.Backups.Retention;

/// <summary>What is never deleted, and the floor.</summary>
public sealed class RetentionPlannerSafetyTests
{
    private static readonly DateTimeOffset Now = CandidateBuilder.Time("2026-11-28T22:00:00Z");

    /// <summary>Three young available copies: with KeepLast 3, anything older is outside every rule.</summary>
    private static readonly List<RetentionCandidate> Young =
        CandidateBuilder.Every(TimeSpan.FromHours(4), "2026-11-28T12:00Z", "2026-11-28T20:00Z");

    public static TheoryData<string, string> Unsafe => new()
    {
        { "not-owned", "not owned by DrService: never deleted" },
        { "pending", "not available (Pending): left alone" },
        { "failed", "not available (Failed): left alone" },
        { "deleting", "not available (Deleting): left alone" },
        { "pinned", "pinned" },
        { "held", "held by a running drill or failover" },
    };

    private static RetentionCandidate Old(string kind)
    {
        var builder = CandidateBuilder.At("2026-01-01T00:00Z").WithId("old");
        return (kind switch
        {
            "not-owned" => builder.NotOwned(),
            "pending" => builder.Pending(),
            "failed" => builder.InState(ArtifactState.Failed),
            "deleting" => builder.InState(ArtifactState.Deleting),
            "pinned" => builder.Pinned(),
            "held" => builder.Held(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        }).Build();
    }

    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Plan_OldCopyOutsideEveryRule_IsKeptWhenUnsafeToDelete(string kind, string reason)
    {
        var plan = RetentionPlanner.Plan(Off with { KeepLast = 3 }, [.. Young, Old(kind)], Now);

        Assert.True(plan.For("old").Keep);
        Assert.Equal([reason], plan.ReasonsFor("old"));
        Assert.Equal(4, plan.KeptIds().Count);
    }

    [Fact]
    public void Plan_UnownedPendingPinnedAndHeld_ListsEveryProtection()
    {
        var copy = CandidateBuilder.At("2026-01-01T00:00Z").WithId("x").NotOwned().Pending().Pinned().Held().Build();

        var plan = RetentionPlanner.Plan(Default, [copy], Now);

        Assert.Equal(
            ["not owned by DrService: never deleted", "not available (Pending): left alone", "pinned", "held by a running drill or failover"],
            plan.ReasonsFor("x"));
    }

    [Theory]
    [InlineData("not-owned")]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("deleting")]
    public void Plan_NewestCopyNotOwnedOrNotAvailable_DoesNotTakeARankedPlace(string kind)
    {
        var newest = CandidateBuilder.At("2026-11-28T21:00Z").WithId("newest");
        newest = kind switch
        {
            "not-owned" => newest.NotOwned(),
            "pending" => newest.Pending(),
            "failed" => newest.InState(ArtifactState.Failed),
            _ => newest.InState(ArtifactState.Deleting),
        };
        var older = CandidateBuilder.Every(TimeSpan.FromDays(1), "2026-11-20T12:00Z", "2026-11-22T12:00Z");

        var plan = RetentionPlanner.Plan(Off with { KeepLast = 2 }, [newest.Build(), .. older], Now);

        Assert.Equal(["newest", .. Ids("2026-11-22T12:00Z", "2026-11-21T12:00Z")], plan.KeptIds());
        Assert.Equal(["newest 2"], plan.ReasonsFor(CandidateBuilder.IdFor("2026-11-21T12:00Z")));
    }

    [Fact]
    public void Plan_NewestCopyPinned_StillCountsAmongTheNewest()
    {
        var pinned = CandidateBuilder.At("2026-11-28T21:00Z").WithId("pinned").Pinned().Build();
        var older = CandidateBuilder.Every(TimeSpan.FromDays(1), "2026-11-20T12:00Z", "2026-11-22T12:00Z");

        var plan = RetentionPlanner.Plan(Off with { KeepLast = 2 }, [pinned, .. older], Now);

        Assert.Equal(["pinned", "newest 2"], plan.ReasonsFor("pinned"));
        Assert.Equal(["pinned", CandidateBuilder.IdFor("2026-11-22T12:00Z")], plan.KeptIds());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Plan_EveryCopyOld_TheFloorKeepsTheNewestMinimumKeep(int minimumKeep)
    {
        // Copying stopped at the end of March: with the default rules but KeepLast 0, nothing is young or in a period.
        var copies = CandidateBuilder.Every(TimeSpan.FromDays(1), "2025-12-01T06:00Z", "2026-03-31T06:00Z");
        var policy = Default with { KeepLast = 0, MinimumKeep = minimumKeep };

        var plan = RetentionPlanner.Plan(policy, copies, Now);

        var newest = copies.OrderByDescending(c => c.SourceCreatedAt).Take(minimumKeep).Select(c => c.Id);
        Assert.Equal(newest, plan.KeptIds());
        Assert.All(plan.Where(d => d.Keep), d => Assert.Equal([$"floor: newest {minimumKeep} available"], d.Reasons));
    }

    [Fact]
    public void Plan_FloorWithAnOldPendingCopy_CountsOnlyAvailableCopies()
    {
        RetentionCandidate[] copies =
        [
            CandidateBuilder.At("2026-03-31T06:00Z").WithId("pending").Pending().Build(),
            CandidateBuilder.At("2026-03-30T06:00Z").WithId("a").Build(),
            CandidateBuilder.At("2026-03-29T06:00Z").WithId("b").Build(),
            CandidateBuilder.At("2026-03-28T06:00Z").WithId("c").Build(),
        ];

        var plan = RetentionPlanner.Plan(Default with { KeepLast = 0 }, copies, Now);

        Assert.Equal(["pending", "a", "b"], plan.KeptIds());
        Assert.Equal(["floor: newest 2 available"], plan.ReasonsFor("b"));
    }

    [Fact]
    public void Plan_FloorCopyAlsoKeptByARule_GivesOnlyTheRule()
    {
        var plan = RetentionPlanner.Plan(Default, Young, Now);

        Assert.All(plan, d => Assert.DoesNotContain(d.Reasons, r => r.StartsWith("floor", StringComparison.Ordinal)));
    }
}
