using System.Text.Json;
using DrService.Backups.Model;
using DrService.Testing;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>What a cycle made, as the real AWS CLI (a second, independent client) sees it in us-west-2.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleCliVisibilityTests(MotoFixture moto) : EngineTestBase(moto)
{
    [Fact]
    public async Task RunAsync_VolumeAndDatabase_CliSeesTheCopiesWithTheirOwnershipTags()
    {
        var app = EngineEstate.Unique("cli");
        var (volume, snapshot) = await Estate.ResourceWithBackupAsync(ArtifactKind.EbsSnapshot);
        var (db, dbSnapshot) = await Estate.ResourceWithBackupAsync(ArtifactKind.DbSnapshot);
        Host.AddApplication(app, r =>
        {
            EngineEstate.Select(r, ArtifactKind.EbsSnapshot, volume);
            EngineEstate.Select(r, ArtifactKind.DbSnapshot, db);
        });
        await Host.RunCycleAsync(app);
        var cli = new AwsCli(Moto.Endpoint);

        var ebs = await cli.JsonAsync(Dr, "ec2", "describe-snapshots", "--owner-ids", "self",
            "--filters", "Name=tag:dr:managed-by,Values=drservice", $"Name=tag:dr:app,Values={app}");
        var rdsList = await cli.JsonAsync(Dr, "rds", "describe-db-snapshots", "--snapshot-type", "manual");

        var ebsCopy = Assert.Single(ebs.GetProperty("Snapshots").EnumerateArray());
        var ebsTags = Tags(ebsCopy.GetProperty("Tags"));
        AssertOwnership(ebsTags, app, volume, snapshot, ArtifactKind.EbsSnapshot);
        Assert.Equal("blue", ebsTags["team"]);
        var rdsCopies = rdsList.GetProperty("DBSnapshots").EnumerateArray()
            .Where(s => s.GetProperty("DBInstanceIdentifier").GetString() == db && s.GetProperty("DBSnapshotIdentifier").GetString() != dbSnapshot).ToList();
        var rdsCopy = Assert.Single(rdsCopies);
        var arn = rdsCopy.GetProperty("DBSnapshotArn").GetString()!;
        Assert.StartsWith("arn:aws:rds:us-west-2:", arn, StringComparison.Ordinal);
        var listed = await cli.JsonAsync(Dr, "rds", "list-tags-for-resource", "--resource-name", arn);
        var rdsTags = Tags(listed.GetProperty("TagList"));
        AssertOwnership(rdsTags, app, db, dbSnapshot, ArtifactKind.DbSnapshot);
        Assert.Equal("blue", rdsTags["team"]);
    }

    private static void AssertOwnership(Dictionary<string, string> tags, string app, string resource, string source, ArtifactKind kind)
    {
        Assert.Equal("drservice", tags["dr:managed-by"]);
        Assert.Equal(app, tags["dr:app"]);
        Assert.Equal(resource, tags["dr:resource-id"]);
        Assert.Equal(source, tags["dr:source-id"]);
        Assert.Equal(Primary, tags["dr:source-region"]);
        Assert.Equal($"{app}/{kind}/{Primary}/{source}", tags["dr:copy-key"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", tags["dr:source-created"]);
    }

    private static Dictionary<string, string> Tags(JsonElement list) =>
        list.EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!, StringComparer.Ordinal);
}
