using DrService.Backups.Model;
using DrService.Backups.Retention;

namespace DrService.Tests.Backups.Retention;

/// <summary>Invariants over random (seeded, so reproducible) policies and histories.</summary>
public sealed class RetentionPlannerPropertyTests
{
    private static readonly DateTimeOffset Now = CandidateBuilder.Time("2026-11-28T21:00:00Z");

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 40));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Plan_RandomHistory_KeepsTheInvariants(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 25; round++)
        {
            var policy = RandomPolicy(random);
            var copies = RandomHistory(random);
            var context = $"seed {seed} round {round}: {policy}";

            var plan = RetentionPlanner.Plan(policy, copies, Now);

            // One decision per copy, newest first.
            Assert.Equal(copies.Select(c => c.Id).Order(StringComparer.Ordinal), plan.Select(d => d.Candidate.Id).Order(StringComparer.Ordinal));
            Assert.True(plan.Zip(plan.Skip(1)).All(p => p.First.Candidate.SourceCreatedAt >= p.Second.Candidate.SourceCreatedAt), context);

            // Kept: at least one reason; deleted: exactly one, saying so.
            Assert.All(plan, d => Assert.True(d.Keep ? d.Reasons.Count > 0 : d.Reasons.Count == 1 && d.Reasons[0].StartsWith("delete: ", StringComparison.Ordinal), context));

            // Never deletes an unsafe copy.
            Assert.All(plan.Where(d => !d.Keep), d =>
            {
                var c = d.Candidate;
                Assert.True(c.Owned && c.State == ArtifactState.Available && !c.Pinned && !c.Held, $"{context}: deleted unsafe {c}");
            });

            // Never deletes the newest MinimumKeep available copies (owned or not: the unowned ones are never deleted).
            var newestAvailable = plan.Where(d => d.Candidate.State == ArtifactState.Available).Take(policy.MinimumKeep);
            Assert.All(newestAvailable, d => Assert.True(d.Keep, $"{context}: deleted {d.Candidate.Id} under the floor"));

            // The order of the input does not matter.
            var shuffled = copies.ToArray();
            random.Shuffle(shuffled);
            Assert.Equal(Summary(plan), Summary(RetentionPlanner.Plan(policy, shuffled, Now)));

            // Idempotent: planning the survivors again keeps all of them, for the same reasons.
            var survivors = plan.Where(d => d.Keep).Select(d => d.Candidate).ToList();
            var again = RetentionPlanner.Plan(policy, survivors, Now);
            Assert.Equal(Summary(plan.Where(d => d.Keep)), Summary(again));
        }
    }

    private static List<string> Summary(IEnumerable<RetentionDecision> plan) =>
        plan.Select(d => $"{d.Candidate.Id} {d.Keep} {string.Join(" | ", d.Reasons)}").ToList();

    private static RetentionPolicy RandomPolicy(Random random) => new(
        KeepLast: random.Next(0, 10),
        KeepFor: random.Next(3) == 0 ? TimeSpan.Zero : TimeSpan.FromHours(random.Next(0, 24 * 30)),
        Daily: random.Next(0, 10),
        Weekly: random.Next(0, 6),
        Monthly: random.Next(0, 8),
        MinimumKeep: random.Next(1, 6));

    /// <summary>
    /// Up to 80 copies over the last 400 days (a few a little in the future: clock skew), some sharing a time, with
    /// now and then a copy not owned, not available, pinned or held.
    /// </summary>
    private static List<RetentionCandidate> RandomHistory(Random random)
    {
        var count = random.Next(0, 80);
        var copies = new List<RetentionCandidate>(count);
        for (var i = 0; i < count; i++)
        {
            var at = i > 0 && random.Next(10) == 0
                ? copies[random.Next(copies.Count)].SourceCreatedAt
                : Now.AddMinutes(-random.Next(-120, 400 * 24 * 60));
            var builder = CandidateBuilder.At(at).WithId($"c{random.Next(1_000_000):D6}-{i:D3}");
            if (random.Next(10) == 0)
            {
                builder.NotOwned();
            }

            if (random.Next(8) == 0)
            {
                builder.InState((ArtifactState)random.Next(4));
            }

            if (random.Next(20) == 0)
            {
                builder.Pinned();
            }

            if (random.Next(20) == 0)
            {
                builder.Held();
            }

            copies.Add(builder.Build());
        }

        return copies;
    }
}
