using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Tests.Backups.Drivers;

public sealed class RdsSelectionTests
{
    [Theory]
    [InlineData("available", ArtifactState.Available)]
    [InlineData("creating", ArtifactState.Pending)]
    [InlineData("copying", ArtifactState.Pending)]
    [InlineData("failed", ArtifactState.Failed)]
    [InlineData("incompatible-restore", ArtifactState.Failed)]
    [InlineData("deleting", ArtifactState.Deleting)]
    [InlineData("something-new", ArtifactState.Pending)]
    public void State_RdsStatus_MapsToArtifactState(string status, ArtifactState expected) =>
        Assert.Equal(expected, RdsSelection.State(status));

    [Fact]
    public void Chunks_DuplicatesAndBlanks_DistinctIgnoringCaseInChunksOfTheSize()
    {
        var chunks = RdsSelection.Chunks(["a", "A", "b", " ", "c", "d", "e"], 2).ToList();

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], chunks);
    }

    [Theory]
    [InlineData(true, "dr:app=orders;dr:managed-by=drservice;team=pay")]
    [InlineData(false, "dr:app=orders;dr:managed-by=drservice")]
    public void CopyTags_SourceTags_OwnershipTagsWinAndReservedAndSourceDrTagsAreDropped(bool copySourceTags, string expected)
    {
        var source = new Artifact(ArtifactKind.DbSnapshot, "us-east-1", "snap", "db", DateTimeOffset.UnixEpoch, ArtifactState.Available)
        {
            Tags = new Dictionary<string, string> { ["team"] = "pay", ["aws:backup"] = "x", ["dr:pinned"] = "true", ["dr:app"] = "billing" },
        };
        var order = new CopyOrder("k", "orders", source, "us-west-2", "drs-orders-snap",
            new Dictionary<string, string> { ["dr:app"] = "orders", ["dr:managed-by"] = "drservice" }) { CopySourceTags = copySourceTags };

        var tags = RdsSelection.CopyTags(order);

        Assert.Equal(expected, string.Join(';', tags.Select(t => $"{t.Key}={t.Value}")));
    }
}
