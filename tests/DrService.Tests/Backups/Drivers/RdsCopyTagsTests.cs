using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Tests.Backups.Drivers;

/// <summary>RDS allows 50 tags per resource; moto accepts more (issue 14, item 9; docs/design/aws-facts.md).</summary>
public sealed class RdsCopyTagsTests
{
    [Theory]
    [InlineData(ArtifactKind.DbSnapshot)]
    [InlineData(ArtifactKind.DbClusterSnapshot)]
    public void CopyTags_SourceWith48Tags_CappedAt50WithEveryOwnershipTag(ArtifactKind kind)
    {
        var sourceTags = Enumerable.Range(0, 48).ToDictionary(i => $"team-{i:00}", i => $"v{i}", StringComparer.Ordinal);
        var source = new Artifact(kind, "us-east-1", "orders-db-snap", "orders-db", DateTimeOffset.UnixEpoch, ArtifactState.Available) { Tags = sourceTags };
        var key = CopyOrder.KeyFor("orders", source);
        var ownership = OwnershipTags.ForCopy("orders", source, key);
        var order = new CopyOrder(key, "orders", source, "us-west-2", CopyNames.ForCopy("orders", source), ownership) { CopySourceTags = true };

        var tags = RdsSelection.CopyTags(order);

        Assert.Equal(50, tags.Count);
        Assert.All(ownership, t => Assert.Equal(t.Value, tags[t.Key]));
        Assert.Equal(50 - ownership.Count, tags.Keys.Count(k => k.StartsWith("team-", StringComparison.Ordinal)));
        Assert.Contains("team-00", tags.Keys);
    }
}
