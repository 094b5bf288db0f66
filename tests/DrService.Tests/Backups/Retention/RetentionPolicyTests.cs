using DrService.Backups.Model;
using DrService.Backups.Retention;
using DrService.Configuration;

namespace DrService.Tests.Backups.Retention;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void From_DefaultOptions_IsTheDefaultPolicy()
    {
        Assert.Equal(RetentionPlanAssert.Default, RetentionPolicy.From(new RetentionOptions()));
    }

    [Fact]
    public void From_OptionsWithAnApplicationOverride_TakesEveryEffectiveValue()
    {
        var global = new RetentionOptions { KeepLast = 3, KeepFor = TimeSpan.FromDays(2), Daily = 5, Weekly = 2, Monthly = 12, MinimumKeep = 4 };
        var effective = new RetentionOverrideOptions { Monthly = 24, MinimumKeep = 1 }.ApplyTo(global);

        Assert.Equal(new RetentionPolicy(3, TimeSpan.FromDays(2), 5, 2, 24, 1), RetentionPolicy.From(effective));
    }

    [Theory]
    [InlineData(true, "true", false, true)]
    [InlineData(true, "TRUE", true, true)]
    [InlineData(true, null, false, false)]
    [InlineData(false, "true", false, true)]
    public void CandidateFrom_Artifact_ReadsOwnershipPinAndSourceTime(bool owned, string? pinned, bool held, bool expectPinned)
    {
        var source = new Artifact(ArtifactKind.EbsSnapshot, "eu-west-1", "snap-src", "vol-1", new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero), ArtifactState.Available);
        var tags = OwnershipTags.ForCopy("orders", source, "orders/EbsSnapshot/eu-west-1/snap-src");
        if (!owned)
        {
            tags.Remove(OwnershipTags.ManagedBy);
        }

        if (pinned is not null)
        {
            tags[OwnershipTags.Pinned] = pinned;
        }

        var copy = new Artifact(ArtifactKind.EbsSnapshot, "eu-central-1", "snap-copy", "vol-1", source.CreatedAt.AddHours(2), ArtifactState.Pending) { Tags = tags };

        var candidate = RetentionCandidate.From(copy, held);

        Assert.Equal(
            new RetentionCandidate("snap-copy", source.CreatedAt, ArtifactState.Pending, owned, expectPinned, held),
            candidate);
    }
}
