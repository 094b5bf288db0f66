using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;

namespace DrService.Sandbox;

internal sealed partial class DemoEstateSeeder
{
    /// <summary>
    /// An RDS primary in the primary region with a first manual snapshot; for tier A a cross-region read replica in
    /// the DR region, with an hour of <c>ReplicaLag</c> data points (a few seconds, one spike) for the watch to read.
    /// </summary>
    private async Task SeedDatabaseAsync(DemoApplication app, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string> { [DemoEstate.AppTag] = app.Name, [DemoEstate.MarkerTag] = "true" };
        var primary = await rds.CreateDBInstanceAsync(Primary, new DbInstanceCreate(
            app.Database, "db.t3.micro", "postgres", "drdemo", "demo-password-not-secret", AllocatedStorage: 20, Tags: tags),
            cancellationToken: cancellationToken);
        await rds.CreateDBSnapshotAsync(Primary, app.Database, $"{app.Database}-demo-1", tags, cancellationToken: cancellationToken);
        if (app.Replica is null)
        {
            return;
        }

        await rds.CreateDBInstanceReadReplicaAsync(Dr, new DbReadReplicaCreate(
            app.Replica, primary.Arn, SourceRegion: Primary, InstanceClass: "db.t3.micro", Tags: tags),
            cancellationToken: cancellationToken);

        var now = time.GetUtcNow();
        var lag = Enumerable.Range(0, 60).Select(minute => new MetricDatum("ReplicaLag")
        {
            Dimensions = [new MetricDimension("DBInstanceIdentifier", app.Replica)],
            Timestamp = now.AddMinutes(minute - 60),
            Value = minute == 42 ? 95 : 2 + (minute % 5),
            Unit = "Seconds",
        }).ToList();
        await cloudWatch.PutMetricDataAsync(Dr, "AWS/RDS", lag, cancellationToken: cancellationToken);
    }
}
