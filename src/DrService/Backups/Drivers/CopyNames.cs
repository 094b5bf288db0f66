using System.Security.Cryptography;
using System.Text;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

/// <summary>Deterministic names for copies and source backups, valid for each API's naming rules.</summary>
public static class CopyNames
{
    /// <summary>
    /// The longest name or identifier AWS accepts for each kind of copy or source backup.
    /// <list type="bullet">
    /// <item>Aurora cluster snapshots: 63. botocore rds 2014-10-31, CreateDBClusterSnapshotMessage.DBClusterSnapshotIdentifier
    /// and CopyDBClusterSnapshotMessage.TargetDBClusterSnapshotIdentifier: "Must contain from 1 to 63 letters, numbers, or hyphens."</item>
    /// <item>RDS DB snapshots: 255. CreateDBSnapshotMessage.DBSnapshotIdentifier and CopyDBSnapshotMessage.TargetDBSnapshotIdentifier:
    /// "Must contain from 1 to 255 letters, numbers, or hyphens".</item>
    /// <item>AMI names: 128. botocore ec2, CreateImageRequest.Name: "Constraints: 3-128 alphanumeric characters ..."
    /// (AWS docs, CreateImage/CopyImage).</item>
    /// <item>EBS snapshots have no name (the id is AWS's); the name only goes into a tag, whose values are at most 256.</item>
    /// </list>
    /// moto enforces none of these (issue 14, item 1; docs/design/aws-facts.md).
    /// </summary>
    public static int MaxLength(ArtifactKind kind) => kind switch
    {
        ArtifactKind.DbClusterSnapshot => 63,
        ArtifactKind.Image => 128,
        _ => 255,
    };

    /// <summary>
    /// The copy's name or identifier: <c>drs-{application}-{sourceId}</c> made valid for RDS identifiers (letters,
    /// digits and single hyphens, starting with a letter, at most <see cref="MaxLength"/> characters of its kind; a hash
    /// suffix keeps it unique when shortened) and AMI names. A source that DrService took itself (CreateSource mode,
    /// named by <see cref="ForSource"/>) already starts with <c>drs-{application}-</c>: its copy keeps that name rather
    /// than doubling the prefix. <paramref name="attempt"/> &gt; 0 (a copy made again after AWS failed one) appends <c>-a{attempt}</c>.
    /// </summary>
    public static string ForCopy(string application, Artifact source, int attempt = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        var max = MaxLength(source.Kind);
        var prefix = Identifier($"drs-{application}", application) + "-";
        var sourceName = Identifier(source.Id, source.Id);
        var text = sourceName.StartsWith(prefix, StringComparison.Ordinal) ? source.Id : $"drs-{application}-{source.Id}";
        var key = CopyOrder.KeyFor(application, source);
        // A later attempt after AWS failed a copy gets its own name (-a{n}); the hash of a shortened name covers it too.
        return attempt > 0
            ? Identifier($"{text}-a{attempt}", $"{key}#{attempt}", max)
            : Identifier(text, key, max);
    }

    /// <summary>
    /// A source backup's name: <c>drs-{application}-{resourceId}-{yyyyMMddHHmmss}[-{run}]</c>, within its kind's
    /// <see cref="MaxLength"/>. <paramref name="run"/> (the run key) adds 8 hex digits of its hash: two runs in the same
    /// second (two manual runs) otherwise made the same name, and the second failed with DBSnapshotAlreadyExists
    /// (issue 14, item 18).
    /// </summary>
    public static string ForSource(string application, string resourceId, DateTimeOffset at, ArtifactKind kind = ArtifactKind.DbSnapshot, string? run = null)
    {
        var suffix = run is null ? "" : "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run)))[..8];
        return Identifier($"drs-{application}-{resourceId}-{at.UtcDateTime:yyyyMMddHHmmss}{suffix}", $"{application}/{resourceId}/{at.UtcTicks}/{run}", MaxLength(kind));
    }

    /// <summary>Letters, digits and single hyphens; starts with a letter; at most <paramref name="max"/> characters.</summary>
    public static string Identifier(string text, string uniqueBy, int max = 255)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (valid)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        var name = sb.ToString().Trim('-');
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            name = "d" + name;
        }
        if (name.Length > max)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uniqueBy)))[..10];
            name = $"{name[..(max - 11)].TrimEnd('-')}-{hash}";
        }
        return name;
    }
}
