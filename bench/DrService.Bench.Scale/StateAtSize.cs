using System.Globalization;
using DrService.Backups.Model;
using DrService.Backups.State;
using DrService.Monitoring;
using DrService.Backups.Rpo;
using static DrService.Replication.ReplicationConditionTypes;

namespace DrService.Bench.Scale;

/// <summary>
/// <c>--overview-only</c>: the dashboard overview at a size the emulator cannot reach in reasonable time (moto scans
/// every snapshot on each filtered Describe, so a full-size backup cycle of 200 applications takes hours there). The
/// estate gets ids shaped like AWS's without moto, and the state the cycles would leave is written through the real
/// stores: one backup status row (and RPO sample) per backed-up resource via <see cref="BackupStore.SaveStatusAsync"/>,
/// and the replication watch's conditions per replica and bucket pair via <see cref="ConditionStore.ApplyAsync(string, IReadOnlyCollection{Condition}, CancellationToken)"/>.
/// Row counts and shapes are those of a cycle; the values are a plausible mix (5 % of copies late, some lag unknown).
/// </summary>
public static class StateAtSize
{
    public static void AssignIds(Estate estate)
    {
        var n = 0;
        string Hex(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{++n:x17}");
        foreach (var app in estate.Apps)
        {
            for (var i = 0; i < Scale.VolumesPerApp; i++)
            {
                app.Volumes.Add(Hex("vol"));
            }
            for (var i = 0; i < Scale.InstancesPerApp; i++)
            {
                app.Instances.Add(Hex("i"));
            }
            for (var i = 0; i < Scale.DbsPerApp; i++)
            {
                app.DbInstances.Add($"{app.Name}-db{i}");
            }
            for (var i = 0; i < Estate.PairsOf(app.Index); i++)
            {
                app.Replicas.Add(($"{app.Name}-db{i}", $"{app.Name}-db{i}-dr"));
                app.BucketPairs.Add(($"{app.Name}-data{i}", $"{app.Name}-data{i}-dr"));
            }
        }
    }

    /// <summary>Writes the state; returns (status rows, conditions).</summary>
    public static async Task<(int Status, int Conditions)> WriteAsync(Estate estate, BackupStore backups, ConditionStore conditions, CancellationToken cancellationToken) =>
        (await WriteBackupStatusAsync(estate, backups, cancellationToken), await WriteConditionsAsync(estate, conditions, cancellationToken));

    /// <summary>The backup status rows a cycle of every application writes; returns their number.</summary>
    public static async Task<int> WriteBackupStatusAsync(Estate estate, BackupStore backups, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var rpo = TimeSpan.FromHours(4).TotalSeconds;
        var statusRows = 0;
        foreach (var app in estate.Apps)
        {
            var rows = new List<ResourceStatusRecord>();
            void Add(ArtifactKind kind, IReadOnlyList<string> ids)
            {
                for (var i = 0; i < ids.Count; i++)
                {
                    var late = (i + app.Index) % Scale.UncopiedEvery == 0;
                    var age = late ? rpo * 0.9 : rpo * 0.25 + i;
                    rows.Add(new ResourceStatusRecord
                    {
                        Application = app.Name,
                        Kind = kind,
                        ResourceId = ids[i],
                        Region = app.Region,
                        NewestCopyId = string.Create(CultureInfo.InvariantCulture, $"copy-{app.Index}-{kind}-{i}"),
                        NewestCopySourceTime = now.AddSeconds(-age),
                        CopyCount = 7,
                        RpoState = late ? RpoState.AtRisk : RpoState.Ok,
                        RpoAgeSeconds = age,
                        RpoTargetSeconds = rpo,
                        CheckedAt = now,
                    });
                }
            }
            Add(ArtifactKind.EbsSnapshot, app.Volumes);
            Add(ArtifactKind.Image, app.Instances);
            Add(ArtifactKind.DbSnapshot, app.DbInstances);
            await backups.SaveStatusAsync(app.Name, rows, cancellationToken);
            statusRows += rows.Count;
        }
        return statusRows;
    }

    /// <summary>The replication watch's conditions; returns the number stored.</summary>
    public static async Task<int> WriteConditionsAsync(Estate estate, ConditionStore conditions, CancellationToken cancellationToken)
    {
        var replicaConditions = new List<Condition>();
        var s3Conditions = new List<Condition>();
        foreach (var app in estate.Apps)
        {
            foreach (var (_, replica) in app.Replicas)
            {
                var subject = $"replica:{replica}";
                replicaConditions.Add(Condition.True(app.Name, subject, ReplicaExists, "Found", "found"));
                replicaConditions.Add(Condition.True(app.Name, subject, ReplicaAvailable, "Available", "available"));
                replicaConditions.Add(Condition.True(app.Name, subject, ReplicationRunning, "Replicating", "replicating"));
                replicaConditions.Add(Condition.True(app.Name, subject, ReplicaOfSource, "Matches", "replica of its source"));
                replicaConditions.Add(app.Index % 10 == 0
                    ? Condition.Unknown(app.Name, subject, ReplicaLagWithinRpo, "NoMetric", "no ReplicaLag datapoint")
                    : Condition.True(app.Name, subject, ReplicaLagWithinRpo, "WithinRpo", "lag 2 s", 2));
            }
            foreach (var (source, _) in app.BucketPairs)
            {
                var subject = $"bucket:{source}";
                foreach (var type in new[] { SourceVersioning, DestinationExists, DestinationVersioning, RuleCoversPrefix, ReplicationTimeControl, NoFailedObjects, ObjectsReplicated, LagWithinRpo })
                {
                    s3Conditions.Add(Condition.True(app.Name, subject, type, "Ok", "ok"));
                }
            }
        }
        var stored = (await conditions.ApplyAsync("replication", replicaConditions, cancellationToken)).Count;
        stored += (await conditions.ApplyAsync("s3", s3Conditions, cancellationToken)).Count;
        return stored;
    }
}
