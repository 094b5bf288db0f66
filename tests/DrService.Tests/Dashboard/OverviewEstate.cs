using System.Globalization;
using DrService.Alerts;
using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Storage;
using DrService.Witness;

namespace DrService.Tests.Dashboard;

/// <summary>
/// A stored estate of N applications for the overview: each with a replica lag, both probes, two copies' status,
/// two witness verdicts (the newest must win) and firing and resolved alerts. Every fifth application's replica lag
/// is past its RPO (NotReady), every third's copy is at risk.
/// </summary>
internal static class OverviewEstate
{
    public static readonly DateTimeOffset At = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"app{i:000}");

    public static DrOptions Options(int applications)
    {
        var options = new DrOptions();
        for (var i = 0; i < applications; i++)
        {
            options.Applications[Name(i)] = new ApplicationOptions
            {
                Tier = i % 2 == 0 ? ApplicationTier.A : ApplicationTier.B,
                Rpo = TimeSpan.FromMinutes(15),
                Rto = TimeSpan.FromMinutes(30),
                Recovery = new RecoveryOptions { SmokeTestUrl = new Uri($"https://{Name(i)}.dr.example.com/health") },
                Resources = new ApplicationResourcesOptions { DnsRecords = [new DnsRecordOptions { HostedZone = "example.com.", Name = Name(i) + ".example.com." }] },
            };
        }
        return options;
    }

    public static void Seed(DrDbContext db, int applications)
    {
        for (var i = 0; i < applications; i++)
        {
            var app = Name(i);
            var lag = i % 5 == 0 ? 1800.0 : 30.0;
            db.Conditions.AddRange(
                Condition(app, "replica:" + app + "-dr", "ReplicaLagWithinRpo", "replication", lag > 900 ? ConditionStatus.False : ConditionStatus.True, ConditionSeverity.Critical, lag),
                Condition(app, WitnessConditions.PrimarySubject, WitnessConditions.PrimaryReachable, WitnessConditions.Monitor, ConditionStatus.True, ConditionSeverity.Critical, 12),
                Condition(app, WitnessConditions.SecondarySubject, WitnessConditions.SecondaryReachable, WitnessConditions.Monitor, ConditionStatus.True, ConditionSeverity.Critical, 15));
            db.ResourceStatus.AddRange(
                Status(app, ArtifactKind.EbsSnapshot, "vol-" + app, i % 3 == 0 ? RpoState.AtRisk : RpoState.Ok, i % 3 == 0 ? 800 : 120),
                Status(app, ArtifactKind.Image, "i-" + app, RpoState.Ok, 300));
            db.Verdicts.AddRange(
                new VerdictRecord { Application = app, At = At.AddMinutes(-30), Verdict = WitnessVerdict.Degraded, PrimaryUp = true, SecondaryUp = false, Detail = "old" },
                new VerdictRecord { Application = app, At = At.AddMinutes(-5), Verdict = WitnessVerdict.Healthy, PrimaryUp = true, SecondaryUp = true, Detail = "newest" });
            if (lag > 900)
            {
                db.Alerts.Add(Alert(app, AlertState.Firing, ConditionSeverity.Critical));
            }
            db.Alerts.Add(Alert(app, AlertState.Resolved, ConditionSeverity.Warning));
        }
        db.SaveChanges();
    }

    private static ConditionRecord Condition(string app, string subject, string type, string monitor, ConditionStatus status, ConditionSeverity severity, double value) => new()
    {
        Application = app, Subject = subject, Type = type, Monitor = monitor, Status = status, Severity = severity,
        Reason = status.ToString(), Message = $"{type} {status}", Value = value, LastTransitionAt = At.AddHours(-1), ObservedAt = At, Streak = 3,
    };

    private static ResourceStatusRecord Status(string app, ArtifactKind kind, string id, RpoState state, double age) => new()
    {
        Application = app, Kind = kind, ResourceId = id, Region = "us-east-1", NewestCopyId = "copy-" + id, NewestCopySourceTime = At.AddSeconds(-age),
        CopyCount = 3, RpoState = state, RpoAgeSeconds = age, RpoTargetSeconds = 900, CheckedAt = At,
    };

    private static AlertRecord Alert(string app, AlertState state, ConditionSeverity severity)
    {
        var key = $"{app}/replica:{app}-dr/ReplicaLagWithinRpo/{state}";
        return new AlertRecord
        {
            Key = key, DedupKey = key + "/" + At.UtcTicks.ToString(CultureInfo.InvariantCulture), Application = app, Subject = $"replica:{app}-dr",
            ConditionType = "ReplicaLagWithinRpo", Severity = severity, State = state, Summary = "lag", RaisedAt = At.AddMinutes(-20),
            ResolvedAt = state == AlertState.Resolved ? At.AddMinutes(-10) : null,
        };
    }
}
