using System.Security.Cryptography;
using System.Text;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

/// <summary>Deterministic names for copies and source backups, valid for each API's naming rules.</summary>
public static class CopyNames
{
    /// <summary>
    /// The copy's name or identifier: <c>drs-{application}-{sourceId}</c> made valid for RDS identifiers (letters,
    /// digits and single hyphens, starting with a letter, at most 255 characters; a hash suffix keeps it unique when
    /// shortened) and AMI names.
    /// </summary>
    public static string ForCopy(string application, Artifact source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Identifier($"drs-{application}-{source.Id}", CopyOrder.KeyFor(application, source));
    }

    /// <summary>A source backup's name: <c>drs-{application}-{resourceId}-{yyyyMMddHHmmss}</c>.</summary>
    public static string ForSource(string application, string resourceId, DateTimeOffset at) =>
        Identifier($"drs-{application}-{resourceId}-{at.UtcDateTime:yyyyMMddHHmmss}", $"{application}/{resourceId}/{at.UtcTicks}");

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
