using System.Text.RegularExpressions;

namespace DrService.Testing.Models;

/// <summary>
/// A limit botocore states only in a member's documentation (RDS puts no min/max/pattern on its shapes): the
/// operation ("*" for every operation with that member), the parameter without list indices, the sentence it comes
/// from (checked to still be in the model's text by <c>DocumentedLimitsTests</c>) and the check.
/// </summary>
public sealed record DocumentedLimit(string Service, string Operation, string Parameter, string Quote, Func<string, string?> Check);

/// <summary>The documented limits of every RDS member our client sets (issue 14: "turn such constraints into explicit rules
/// beside the conformance test, each citing the sentence it comes from").</summary>
public static partial class DocumentedLimits
{
    private const string Letters63 = "Must contain from 1 to 63 letters, numbers, or hyphens";
    private const string Letters255 = "Must contain from 1 to 255 letters, numbers, or hyphens";
    private const string FirstLetter = "First character must be a letter";
    private const string NoHyphens = "Can't end with a hyphen or contain two consecutive hyphens";

    public static IReadOnlyList<DocumentedLimit> All { get; } =
    [
        .. Identifier("CreateDBSnapshot", "DBSnapshotIdentifier", 255, Letters255),
        .. Identifier("CopyDBSnapshot", "TargetDBSnapshotIdentifier", 255, Letters255),
        .. Identifier("CreateDBClusterSnapshot", "DBClusterSnapshotIdentifier", 63, Letters63),
        .. Identifier("CopyDBClusterSnapshot", "TargetDBClusterSnapshotIdentifier", 63, Letters63),
        .. Identifier("RestoreDBInstanceFromDBSnapshot", "DBInstanceIdentifier", 63, "Must contain from 1 to 63 numbers, letters, or hyphens"),
        .. Identifier("RestoreDBClusterFromSnapshot", "DBClusterIdentifier", 63, Letters63),
        .. Identifier("CreateDBInstance", "DBInstanceIdentifier", 63, Letters63),
        .. Identifier("CreateDBCluster", "DBClusterIdentifier", 63, "Must contain from 1 to 63 (for Aurora DB clusters)"),
        new("rds", "PromoteReadReplica", "BackupRetentionPeriod", "Must be a value from 0 to 35",
            v => int.TryParse(v, out var n) && n is >= 0 and <= 35 ? null : $"'{v}' is not 0-35"),
        new("rds", "CreateDBCluster", "MasterUsername", "Must be 1 to 16 letters or numbers",
            v => Username().IsMatch(v) ? null : $"'{v}' is not 1-16 letters or numbers starting with a letter"),
        new("rds", "CreateDBCluster", "MasterUserPassword", "Must contain from 8 to 41 characters",
            v => v.Length is >= 8 and <= 41 ? null : $"a password of {v.Length} characters is not 8-41"),
        new("rds", "CreateDBInstance", "MasterUsername", "Must be 1 to 16 letters, numbers, or underscores",
            v => UsernameUnderscore().IsMatch(v) ? null : $"'{v}' is not 1-16 letters, numbers or underscores starting with a letter"),
        new("rds", "CreateDBInstance", "AllocatedStorage", "Must be an integer from 20 to 65536",
            v => int.TryParse(v, out var n) && n is >= 20 and <= 65536 ? null : $"'{v}' GiB is not 20-65536"),
        new("rds", "CreateGlobalCluster", "Engine", "Valid Values: aurora-mysql | aurora-postgresql",
            v => v is "aurora-mysql" or "aurora-postgresql" ? null : $"'{v}' is not aurora-mysql or aurora-postgresql"),
        new("rds", "*", "Tags.Tag.Key", "The string value can be from 1 to 128 Unicode characters in length and can't be prefixed with aws: or rds:",
            v => TagText(v, 1, 128)),
        new("rds", "*", "Tags.Tag.Value", "The string value can be from 1 to 256 Unicode characters in length",
            v => TagText(v, 0, 256)),
    ];

    /// <summary>Every documented limit the parameters of <paramref name="operation"/> break.</summary>
    public static IEnumerable<string> Check(string service, string operation, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var normalized = Normalize(name);
            foreach (var limit in All.Where(l => l.Service == service && (l.Operation == operation || l.Operation == "*") && l.Parameter == normalized))
            {
                if (limit.Check(value) is { } why)
                {
                    yield return $"{operation}.{name}: {why} (\"{limit.Quote}\")";
                }
            }
        }
    }

    /// <summary><c>Tags.Tag.3.Key</c> -> <c>Tags.Tag.Key</c>.</summary>
    public static string Normalize(string parameter) =>
        string.Join('.', parameter.Split('.').Where(s => s.Length == 0 || !s.All(char.IsAsciiDigit)));

    private static IEnumerable<DocumentedLimit> Identifier(string operation, string parameter, int max, string lengthQuote) =>
    [
        new("rds", operation, parameter, lengthQuote,
            v => v.Length >= 1 && v.Length <= max && v.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? null : $"'{v}' ({v.Length} characters) is not 1-{max} letters, numbers or hyphens"),
        new("rds", operation, parameter, FirstLetter, v => v.Length > 0 && char.IsAsciiLetter(v[0]) ? null : $"'{v}' does not start with a letter"),
        new("rds", operation, parameter, NoHyphens, v => v.EndsWith('-') || v.Contains("--", StringComparison.Ordinal) ? $"'{v}' ends with a hyphen or has two in a row" : null),
    ];

    private static string? TagText(string v, int min, int max) =>
        v.Length < min || v.Length > max ? $"'{v}' has {v.Length} characters, not {min}-{max}"
        : v.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) || v.StartsWith("rds:", StringComparison.OrdinalIgnoreCase) ? $"'{v}' starts with aws: or rds:"
        : !TagCharacters().IsMatch(v) ? $"'{v}' has characters outside letters, digits, white space and _.:/=+-@"
        : null;

    /// <summary>RDS's Tag documentation: (Java regex: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$").</summary>
    [GeneratedRegex(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$")]
    private static partial Regex TagCharacters();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,15}$")]
    private static partial Regex Username();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,15}$")]
    private static partial Regex UsernameUnderscore();
}
