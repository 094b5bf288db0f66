using DrService.Backups.Drivers;
using DrService.Backups.Model;

namespace DrService.Tests.Backups.Drivers;

/// <summary>
/// Name limits AWS enforces and moto does not (issue 14, item 1; docs/design/aws-facts.md): Aurora cluster snapshot
/// identifiers 1-63, DB snapshot identifiers 1-255, AMI names 3-128 characters.
/// </summary>
public sealed class CopyNamesTests
{
    private const string LongApp = "customer-orders-and-invoices-platform-eu"; // 40 characters
    private static readonly DateTimeOffset At = new(2026, 12, 4, 11, 20, 37, TimeSpan.Zero);

    private static Artifact Source(ArtifactKind kind, string id, string resourceId) =>
        new(kind, "us-east-1", id, resourceId, At, ArtifactState.Available);

    [Theory]
    [InlineData(ArtifactKind.DbClusterSnapshot, 63)]
    [InlineData(ArtifactKind.DbSnapshot, 255)]
    [InlineData(ArtifactKind.Image, 128)]
    public void ForCopy_LongApplicationAndLongSource_WithinTheKindsLimitAndValid(ArtifactKind kind, int max)
    {
        Assert.Equal(40, LongApp.Length);
        var cluster = "orders-aurora-postgresql-cluster-primary";
        var id = "rds:" + cluster + "-2026-12-04-11-20" + new string('x', 250);
        var name = CopyNames.ForCopy(LongApp, Source(kind, id, cluster));
        Assert.InRange(name.Length, 3, max);
        Assert.Matches("^[a-z]([a-z0-9]|-(?!-))*[a-z0-9]$", name);
    }

    [Fact]
    public void ForCopy_ClusterSnapshotsSharingA63CharacterPrefix_StayDistinct()
    {
        var cluster = "orders-aurora-postgresql-cluster-primary";
        var a = CopyNames.ForCopy(LongApp, Source(ArtifactKind.DbClusterSnapshot, $"rds:{cluster}-2026-12-04-11-20", cluster));
        var b = CopyNames.ForCopy(LongApp, Source(ArtifactKind.DbClusterSnapshot, $"rds:{cluster}-2026-12-05-11-20", cluster));
        Assert.True(a.Length <= 63 && b.Length <= 63, $"{a} / {b}");
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void ForSource_ClusterWithLongApplication_Within63()
    {
        var name = CopyNames.ForSource(LongApp, "orders-aurora-postgresql-cluster-primary", At, ArtifactKind.DbClusterSnapshot);
        Assert.InRange(name.Length, 1, 63);
        Assert.Matches("^[a-z]([a-z0-9]|-(?!-))*[a-z0-9]$", name);
    }

    [Theory]
    [InlineData(ArtifactKind.DbSnapshot)]
    [InlineData(ArtifactKind.DbClusterSnapshot)]
    [InlineData(ArtifactKind.Image)]
    public void ForSource_TwoRunsInTheSameSecond_DistinctValidNames(ArtifactKind kind)
    {
        var first = CopyNames.ForSource(LongApp, "orders-aurora-postgresql-cluster-primary", At, kind, "backup-orders-manual-20261204112037-aaaaaaaa");
        var second = CopyNames.ForSource(LongApp, "orders-aurora-postgresql-cluster-primary", At, kind, "backup-orders-manual-20261204112037-bbbbbbbb");

        Assert.NotEqual(first, second);
        Assert.All(new[] { first, second }, n => Assert.InRange(n.Length, 1, CopyNames.MaxLength(kind)));
        Assert.StartsWith($"drs-orders-orders-db-20261204112037-", CopyNames.ForSource("orders", "orders-db", At, kind, "run-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void ForCopy_OfACreateSourceBackup_DoesNotDoubleThePrefix()
    {
        var sourceName = CopyNames.ForSource("orders", "orders-db", At, ArtifactKind.DbSnapshot);
        Assert.Equal("drs-orders-orders-db-20261204112037", sourceName);
        var copy = CopyNames.ForCopy("orders", Source(ArtifactKind.DbSnapshot, sourceName, "orders-db"));
        Assert.Equal("drs-orders-orders-db-20261204112037", copy);
    }

    [Fact]
    public void ForCopy_OfAnAutomatedSnapshot_Prefixed()
    {
        var copy = CopyNames.ForCopy("orders", Source(ArtifactKind.DbSnapshot, "rds:orders-db-2026-12-04-11-20", "orders-db"));
        Assert.Equal("drs-orders-rds-orders-db-2026-12-04-11-20", copy);
    }
}
