using System.Globalization;
using DrService.Backups.Model;
using DrService.Backups.Rpo;
using DrService.Backups.State;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Witness;

namespace DrService.Tests.Readiness;

/// <summary>
/// Readiness inputs from compact table strings. Conditions: <c>Type/Status/Severity[/Value]</c>, separated by ';'
/// (the subject follows the type: replica:, bucket:, probe:secondary, dns:). Resources: <c>Kind/RpoState[/AgeSeconds]</c>.
/// </summary>
internal static class ReadinessInputBuilder
{
    public static readonly DateTimeOffset At = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public static ApplicationOptions App(ApplicationTier tier = ApplicationTier.B, bool dns = true, bool smokeTest = true) => new()
    {
        Tier = tier,
        Rpo = TimeSpan.FromHours(1),
        Recovery = new RecoveryOptions { SmokeTestUrl = smokeTest ? new Uri("https://dr.example.com/health") : null },
        Resources = new ApplicationResourcesOptions
        {
            DnsRecords = dns ? [new DnsRecordOptions { HostedZone = "example.com.", Name = "orders.example.com." }] : [],
        },
    };

    public static List<ConditionRecord> Conditions(string spec) =>
        [.. spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((entry, i) =>
        {
            var p = entry.Split('/');
            return new ConditionRecord
            {
                Application = "orders",
                Subject = SubjectFor(p[0], i),
                Type = p[0],
                Monitor = p[0] switch { "ReplicaLagWithinRpo" => "replication", "LagWithinRpo" => "s3", "SecondaryReachable" or "PrimaryReachable" => "witness", _ => "dns" },
                Status = Enum.Parse<ConditionStatus>(p[1]),
                Severity = Enum.Parse<ConditionSeverity>(p[2]),
                Reason = p[1],
                Message = $"{p[0]} is {p[1]}",
                Value = p.Length > 3 ? double.Parse(p[3], CultureInfo.InvariantCulture) : null,
                LastTransitionAt = At,
                ObservedAt = At,
                Streak = 1,
            };
        })];

    public static List<ResourceStatusRecord> Resources(string spec) =>
        [.. spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((entry, i) =>
        {
            var p = entry.Split('/');
            return new ResourceStatusRecord
            {
                Application = "orders",
                Kind = Enum.Parse<ArtifactKind>(p[0]),
                ResourceId = p[1] == "Error" ? "*" : $"res-{i}",
                Region = "eu-west-1",
                RpoState = p[1] == "Error" ? RpoState.Unknown : Enum.Parse<RpoState>(p[1]),
                RpoAgeSeconds = p.Length > 2 ? double.Parse(p[2], CultureInfo.InvariantCulture) : null,
                RpoTargetSeconds = 3600,
                CheckedAt = At,
                LastErrorCode = p[1] == "Error" ? "AccessDenied" : null,
                LastErrorMessage = p[1] == "Error" ? "not authorized" : null,
            };
        })];

    public static VerdictRecord? WitnessVerdictOf(string verdict, bool? secondaryUp = true) =>
        verdict.Length == 0 ? null : new VerdictRecord
        {
            Application = "orders",
            At = At,
            Verdict = Enum.Parse<WitnessVerdict>(verdict),
            SecondaryUp = secondaryUp,
            Detail = $"witness says {verdict}",
        };

    private static string SubjectFor(string type, int i) => type switch
    {
        "ReplicaLagWithinRpo" => $"replica:orders-db-dr-{i}",
        "LagWithinRpo" => $"bucket:orders-assets-{i}",
        "SecondaryReachable" => WitnessConditions.SecondarySubject,
        "PrimaryReachable" => WitnessConditions.PrimarySubject,
        _ => $"dns:orders.example.com./A#{i}",
    };
}
